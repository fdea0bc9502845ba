# tests/guest/proc: pipes, poll/select, wait, process groups, signals and timers. Each program
# is built for wasm-posix and natively (the reference, where behaviour is Linux's) and run by
# tests/guest/run.sh. `make test-proc P=pipe` runs one.
PROC_TEST_DIR := $(BUILD)/tests/guest/proc
PROC_TESTS    := $(basename $(notdir $(wildcard tests/guest/proc/*.c)))
P ?= $(PROC_TESTS)

$(PROC_TEST_DIR)/%.wasm: tests/guest/proc/%.c tests/guest/check.h $(SDK) | deps
	$(step) CC "$(@:$(TOP)/%=%)"
	$(Q)mkdir -p $(@D) && $(WASM_CC) -O2 -o $@ $<

$(PROC_TEST_DIR)/native/%: tests/guest/proc/%.c tests/guest/check.h
	$(step) CC "$(@:$(TOP)/%=%) (native)"
	$(Q)mkdir -p $(@D) && cc -O1 -w -o $@ $<

.PHONY: test-proc
test-proc: host $(P:%=$(PROC_TEST_DIR)/%.wasm) $(P:%=$(PROC_TEST_DIR)/native/%)
	$(step) TEST "proc: $(words $(P)) programs"
	$(Q)sh tests/guest/run.sh $(PROC_TEST_DIR) $(P)
TESTS += test-proc
