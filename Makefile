# wasm-posix: `make` installs what is missing and builds everything; `make test` runs every
# test; `make bench` prints the benchmarks side by side with native builds.
#
# Each area keeps its rules in mk/<area>.mk and adds its goals to ALL, TESTS and BENCHES.

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.SUFFIXES:

TOP   := $(abspath .)
BUILD := $(TOP)/build
LLVM  := /usr/lib/llvm-19/bin
CLANG := $(LLVM)/clang
NODE  := node

# "step" prints one line per build step; V=1 shows the commands themselves.
ifeq ($(V),1)
Q :=
step = @:
else
Q := @
step = @printf '  %-8s %s\n'
endif

# The SDK (sdk/bin over build/sysroot, mk/libc.mk and mk/sdk.mk): every area builds guest
# programs with $(WASM_CC) after $(SDK). Defined here, before mk/ is read, so that a rule
# of any mk/ file has them as prerequisites (a guest program is rebuilt when libc changes).
SYSROOT     := $(BUILD)/sysroot
WASM_CC     := $(TOP)/sdk/bin/wasm-posix-cc
WASM_AR     := $(TOP)/sdk/bin/wasm-posix-ar
WASM_RANLIB := $(TOP)/sdk/bin/wasm-posix-ranlib
SDK         := $(SYSROOT)/lib/libc.a $(WASM_CC) $(WASM_AR) $(WASM_RANLIB)

ALL :=
TESTS :=
BENCHES :=

include $(sort $(wildcard mk/*.mk))

.PHONY: all test test-suites bench deps clean
all: $(ALL)
	@echo "make: build complete"

# The tool check runs first, alone: a missing prerequisite is one line naming its package.
test:
	@sh scripts/check-tools.sh
	@$(MAKE) --no-print-directory test-suites

test-suites: $(TESTS)
	@echo "make: all test suites passed"

bench: $(BENCHES)

deps:
	@sh scripts/deps.sh

clean:
	rm -rf $(BUILD) host/dist
