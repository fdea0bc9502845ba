# Host tests (Node's test runner): the embedding API, the default callbacks, the CLI, and the
# host's ABI constants against the C headers.

HOST_TEST_PROGS := $(patsubst tests/host/progs/%.c,$(BUILD)/tests/host/%.wasm,$(wildcard tests/host/progs/*.c))
HOST_TEST_PROGS := $(filter-out $(BUILD)/tests/host/abi.wasm,$(HOST_TEST_PROGS))

$(BUILD)/tests/host/%.wasm: tests/host/progs/%.c $(SDK)
	@mkdir -p $(dir $@)
	$(step) CC "tests/host/progs/$*.c (wasm)"
	$(Q)$(WASM_CC) -O2 $< -o $@

$(BUILD)/tests/host/abi-native: tests/host/progs/abi.c $(wildcard kernel/*.h kernel/include/uapi/*.h)
	@mkdir -p $(dir $@)
	$(Q)$(CLANG) -std=c11 -Ikernel -Ikernel/include $< -o $@

.PHONY: host-test
host-test: host $(HOST_TEST_PROGS) $(BUILD)/tests/host/abi-native
	$(step) TEST "host (node --test)"
	$(Q)node --test --test-concurrency=1 tests/host/
TESTS += host-test
