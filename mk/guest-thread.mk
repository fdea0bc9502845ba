# tests/guest/thread: pthreads — creation, synchronisation, cancellation, signals, and threads
# with fork, exec and exit. Each program is built for wasm-posix and natively with -pthread
# (the reference) and run by tests/guest/run.sh. `make test-thread TH=sync` runs one.
THREAD_TEST_DIR := $(BUILD)/tests/guest/thread
THREAD_TESTS    := $(basename $(notdir $(wildcard tests/guest/thread/*.c)))
TH ?= $(THREAD_TESTS)

$(THREAD_TEST_DIR)/%.wasm: tests/guest/thread/%.c tests/guest/check.h $(SDK) | deps
	$(step) CC "$(@:$(TOP)/%=%)"
	$(Q)mkdir -p $(@D) && $(WASM_CC) -O2 -pthread -o $@ $<

$(THREAD_TEST_DIR)/native/%: tests/guest/thread/%.c tests/guest/check.h
	$(step) CC "$(@:$(TOP)/%=%) (native)"
	$(Q)mkdir -p $(@D) && cc -O1 -w -pthread -o $@ $<

.PHONY: test-thread
test-thread: host $(TH:%=$(THREAD_TEST_DIR)/%.wasm) $(TH:%=$(THREAD_TEST_DIR)/native/%)
	$(step) TEST "thread: $(words $(TH)) programs"
	$(Q)sh tests/guest/run.sh $(THREAD_TEST_DIR) $(TH)
TESTS += test-thread
