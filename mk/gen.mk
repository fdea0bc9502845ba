# Files derived from kernel/syscall.tbl (tools/gensyscalls.mjs) and kernel/include/uapi (tools/genabi.mjs).
GEN := $(BUILD)/gen
GEN_FILES := $(GEN)/syscall_table.inc $(GEN)/syscall.h.in $(GEN)/syscalls.ts

$(GEN_FILES) &: kernel/syscall.tbl tools/gensyscalls.mjs
	$(step) GEN "syscall table"
	$(Q)$(NODE) tools/gensyscalls.mjs kernel/syscall.tbl $(GEN)

# The host's ABI constants, from kernel/include/uapi (tools/genabi.mjs compiles tools/abi.c for
# wasm32 and prints what it holds).
GEN_ABI := $(GEN)/abi.ts

$(GEN_ABI) $(GEN)/abi_names.inc &: tools/genabi.mjs tools/abi.c $(wildcard kernel/include/uapi/*.h) | deps
	$(step) GEN "host ABI (uapi)"
	$(Q)$(NODE) tools/genabi.mjs $(CLANG) kernel/include $(GEN)
