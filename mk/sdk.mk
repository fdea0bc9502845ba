# The SDK: sdk/bin/wasm-posix-cc, -ar, -ranlib (shell scripts over clang-19 and the sysroot).
# Other areas build guest programs with $(WASM_CC) and depend on $(SDK).

WASM_CC     := $(TOP)/sdk/bin/wasm-posix-cc
WASM_AR     := $(TOP)/sdk/bin/wasm-posix-ar
WASM_RANLIB := $(TOP)/sdk/bin/wasm-posix-ranlib
SDK         := $(SYSROOT)/lib/libc.a $(WASM_CC) $(WASM_AR) $(WASM_RANLIB)
