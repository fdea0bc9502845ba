# make bench: each bench/*.c built natively and with the SDK, run side by side (bench/run.mjs).

BENCH_SRC    := $(wildcard bench/*.c)
BENCH_NATIVE := $(patsubst bench/%.c,$(BUILD)/bench/native/%,$(BENCH_SRC))
BENCH_WASM   := $(patsubst bench/%.c,$(BUILD)/bench/wasm/%.wasm,$(BENCH_SRC))

$(BUILD)/bench/native/%: bench/%.c bench/bench.h
	@mkdir -p $(dir $@)
	$(step) CC "bench/$*.c (native)"
	$(Q)cc -O2 -pthread -o $@ $<

$(BUILD)/bench/wasm/%.wasm: bench/%.c bench/bench.h $(SDK)
	@mkdir -p $(dir $@)
	$(step) CC "bench/$*.c (wasm)"
	$(Q)$(WASM_CC) -O2 -o $@ $<

.PHONY: bench-run
bench-run: host $(BENCH_NATIVE) $(BENCH_WASM)
	$(Q)node bench/run.mjs $(BENCH)
BENCHES += bench-run
