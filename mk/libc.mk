# The musl port: musl 1.2.3 from Debian's source package, our wasm32 arch and overrides from
# libc/ laid over a copy of it, built with musl's own Makefile, installed to build/sysroot.

MUSL_VERSION := 1.2.3-1
MUSL_SRC     := $(BUILD)/src/musl-1.2.3
MUSL_TREE    := $(BUILD)/libc/musl
LIBC_SJLJ_OBJS := obj/src/time/timer_create.o obj/src/time/timer_create.lo
LIBC_FILES   := $(shell find libc -type f)
CLANG_RT_WASM := /usr/lib/llvm-19/lib/clang/19/lib/wasi/libclang_rt.builtins-wasm32.a

# Code generation every wasm-posix object shares (the SDK driver passes the same, and
# -mllvm -wasm-enable-sjlj for programs). In libc only timer_create.c calls setjmp (its
# SIGEV_THREAD helper survives a pthread_exit from the callback by a longjmp), so only it is
# lowered (LIBC_SJLJ_OBJS below); the sjlj runtime itself must not be.
WASM_CFLAGS := --target=wasm32-unknown-unknown -matomics -mbulk-memory -mmutable-globals \
	-mexception-handling


$(MUSL_SRC)/.fetched: scripts/fetch-source.sh libc/musl.sha256 | deps
	$(step) FETCH "musl $(MUSL_VERSION)"
	$(Q)sh scripts/fetch-source.sh musl $(MUSL_VERSION) $(MUSL_SRC) libc/musl.sha256

# The build tree: pristine musl, then our files over it (arch/wasm32, src/*/wasm32,
# crt/wasm32, include/setjmp.h) and the syscall numbers generated from kernel/syscall.tbl.
# cp -p keeps times, so musl's make rebuilds only what changed; new flags rebuild all, and
# so does a file added to or removed from libc/ (a fresh copy, so no stale override stays).
$(MUSL_TREE)/.overlay: $(MUSL_SRC)/.fetched $(LIBC_FILES) $(GEN)/syscall.h.in mk/libc.mk
	$(step) PREPARE "musl tree"
	$(Q)mkdir -p $(dir $(MUSL_TREE)) && find libc -type f | sort >$(MUSL_TREE).files
	$(Q)if ! cmp -s $(MUSL_TREE).files $(MUSL_TREE)/.files; then \
		rm -rf $(MUSL_TREE) && cp -Rp $(MUSL_SRC) $(MUSL_TREE) && \
		cp $(MUSL_TREE).files $(MUSL_TREE)/.files; fi
	$(Q)cd libc && cp -Rp arch crt include src $(MUSL_TREE)/
	$(Q)cmp -s $(GEN)/syscall.h.in $(MUSL_TREE)/arch/wasm32/bits/syscall.h.in || \
		cp $(GEN)/syscall.h.in $(MUSL_TREE)/arch/wasm32/bits/syscall.h.in
	$(Q)printf '%s\n' \
		'ARCH = wasm32' \
		'prefix = $(SYSROOT)' \
		'includedir = $$(prefix)/include' \
		'libdir = $$(prefix)/lib' \
		'CC = $(CLANG)' \
		'AR = $(LLVM)/llvm-ar' \
		'RANLIB = $(LLVM)/llvm-ranlib' \
		'CFLAGS = $(WASM_CFLAGS) -O2 -w -idirafter $(TOP)/kernel/include/uapi' \
		'CFLAGS_AUTO =' \
		'LIBCC =' \
		'SHARED_LIBS =' \
		'TOOL_LIBS =' \
		'ALL_TOOLS =' \
		'$(LIBC_SJLJ_OBJS): CFLAGS_ALL += -mllvm -wasm-enable-sjlj' >$(MUSL_TREE)/config.mak.new
	$(Q)cmp -s $(MUSL_TREE)/config.mak.new $(MUSL_TREE)/config.mak || { \
		rm -rf $(MUSL_TREE)/obj $(MUSL_TREE)/lib && \
		mv $(MUSL_TREE)/config.mak.new $(MUSL_TREE)/config.mak; }
	$(Q)touch $@

# The compiler's wasm32 builtins come with a Debian package deps installs: on a fresh machine
# the file appears only once deps has run, so it waits for deps like any built file.
$(CLANG_RT_WASM): | deps
	@test -f $@ || { echo "make: $@ is missing (package libclang-rt-19-dev-wasm32)" >&2; exit 1; }

$(SYSROOT)/lib/libc.a: $(MUSL_TREE)/.overlay $(CLANG_RT_WASM)
	$(step) MUSL "libc.a, crt1.o (musl's make)"
	$(Q)$(MAKE) -s -C $(MUSL_TREE) all
	$(step) INSTALL "$(SYSROOT:$(TOP)/%=%)"
	$(Q)$(MAKE) -s -C $(MUSL_TREE) install-libs install-headers >/dev/null
	$(Q)cp $(CLANG_RT_WASM) $(SYSROOT)/lib/libclang_rt.builtins.a
	$(Q)touch $@

.PHONY: libc
libc: $(SYSROOT)/lib/libc.a
ALL += $(SYSROOT)/lib/libc.a

# tests/abi: docs/abi.md's tables against the headers, compiled for wasm32.
.PHONY: test-abi
test-abi: $(SYSROOT)/lib/libc.a | deps
	$(step) TEST "abi: docs/abi.md agrees with the headers"
	$(Q)$(NODE) tests/abi/check.mjs docs/abi.md sdk/bin/wasm-posix-cc \
		kernel/include/uapi kernel/include libc/arch/wasm32
TESTS += test-abi

# tests/guest/libc: each program built for wasm-posix and natively (the reference), run and
# compared by tests/guest/libc/run.sh. `make test-libc T=printf` runs one.
LIBC_TEST_DIR := $(BUILD)/tests/guest/libc
LIBC_TESTS    := $(basename $(notdir $(wildcard tests/guest/libc/*.c)))
T ?= $(LIBC_TESTS)

$(LIBC_TEST_DIR)/%.wasm: tests/guest/libc/%.c tests/guest/libc/check.h $(SDK) | deps
	$(step) CC "$(@:$(TOP)/%=%)"
	$(Q)mkdir -p $(@D) && $(WASM_CC) -O2 -o $@ $< -lm

$(LIBC_TEST_DIR)/native/%: tests/guest/libc/%.c tests/guest/libc/check.h
	$(step) CC "$(@:$(TOP)/%=%) (native)"
	$(Q)mkdir -p $(@D) && cc -O1 -w -o $@ $< -lm

.PHONY: test-libc
test-libc: host $(T:%=$(LIBC_TEST_DIR)/%.wasm) $(T:%=$(LIBC_TEST_DIR)/native/%)
	$(step) TEST "libc: $(words $(T)) programs"
	$(Q)sh tests/guest/libc/run.sh $(LIBC_TEST_DIR) $(T)
TESTS += test-libc
