# The SDK: sdk/bin/wasm-posix-cc, -ar, -ranlib (shell scripts over clang-19 and the sysroot).
# WASM_CC, WASM_AR, WASM_RANLIB and SDK are defined in mk/libc.mk, read before this file.

# The SDK as CC for configure: Debian's GNU hello, configured, built and run.
.PHONY: test-configure
test-configure: host $(SDK) | deps
	$(step) TEST "configure: GNU hello with wasm-posix-cc"
	$(Q)sh tests/configure/hello.sh $(BUILD)/tests/configure/hello
TESTS += test-configure
