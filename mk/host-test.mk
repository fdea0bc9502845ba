# Host tests (Node's test runner): the embedding API, the default callbacks, the CLI, and the
# host's ABI constants against the uapi headers compiled for wasm32, and no hand-written offsets.

HOST_TEST_PROGS := $(patsubst tests/host/progs/%.c,$(BUILD)/tests/host/%.wasm,$(wildcard tests/host/progs/*.c))

$(BUILD)/tests/host/%.wasm: tests/host/progs/%.c $(SDK)
	@mkdir -p $(dir $@)
	$(step) CC "tests/host/progs/$*.c (wasm)"
	$(Q)$(WASM_CC) -O2 $< -o $@

.PHONY: host-test
host-test: host $(HOST_TEST_PROGS)
	$(step) TEST "host (node --test)"
	$(Q)CLANG=$(CLANG) node --test --test-concurrency=1 tests/host/
TESTS += host-test
