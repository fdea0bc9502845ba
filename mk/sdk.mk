# The SDK: sdk/bin/wasm-posix-cc, -ar, -ranlib (shell scripts over clang-19 and the sysroot).
# WASM_CC, WASM_AR, WASM_RANLIB and SDK are defined in mk/libc.mk, read before this file.
