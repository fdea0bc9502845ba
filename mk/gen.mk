# Files derived from kernel/syscall.tbl (tools/gensyscalls.mjs).
GEN := $(BUILD)/gen
GEN_FILES := $(GEN)/syscall_table.inc $(GEN)/syscall.h.in $(GEN)/syscalls.ts

$(GEN_FILES) &: kernel/syscall.tbl tools/gensyscalls.mjs
	$(step) GEN "syscall table"
	$(Q)$(NODE) tools/gensyscalls.mjs kernel/syscall.tbl $(GEN)
