# The kernel fuzzer (tests/fuzz/): libFuzzer over the native kernel and the fake host, with
# ASan and UBSan. The kernel is built once more with coverage instrumentation for it.
#
#   make fuzz [FUZZ_SECONDS=600]  a long run (one process: the machine is shared); new inputs
#                                 go to build/fuzz/corpus, crashes to
#                                 build/fuzz/crashes/
#   make test-fuzz                replays the corpus and every kept crash, then a short
#                                 fixed-seed run (part of make test)
# (fuzz.mk is read before gen.mk and kernel.mk: name their files by path)
FUZZ_SECONDS ?= 600
FUZZ_RUNS    ?= 20000

FUZZ_DIR  := $(BUILD)/fuzz
FUZZ_BIN  := $(FUZZ_DIR)/fuzz-kernel
FUZZ_SAN  := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_COV  := -fsanitize=fuzzer-no-link
FUZZ_KOBJ := $(patsubst kernel/%.c,$(FUZZ_DIR)/kernel/%.o,$(wildcard kernel/*.c))
FUZZ_HDR  := $(wildcard kernel/*.h kernel/include/uapi/*.h) $(BUILD)/gen/syscall_table.inc
FUZZ_HOBJ := $(FUZZ_DIR)/fakehost.o $(FUZZ_DIR)/fakehost_fs.o
FUZZ_OBJ  := $(FUZZ_DIR)/fuzz_kernel.o $(FUZZ_DIR)/host.o
FUZZ_OPTS := -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1

$(FUZZ_DIR)/kernel/%.o: kernel/%.c $(FUZZ_HDR) | deps
	@mkdir -p $(dir $@)
	$(step) CC "kernel/$*.c (fuzz)"
	$(Q)$(CLANG) -g -O1 $(FUZZ_SAN) $(FUZZ_COV) $(KERNEL_CFLAGS) -c $< -o $@

$(FUZZ_DIR)/%.o: tests/kernel/%.c $(FUZZ_HDR) | deps
	@mkdir -p $(dir $@)
	$(step) CC "tests/kernel/$*.c (fuzz)"
	$(Q)$(CLANG) -std=gnu11 -g -O1 $(FUZZ_SAN) -Ikernel -Ikernel/include -I$(BUILD)/gen -c $< -o $@

$(FUZZ_DIR)/%.o: tests/fuzz/%.c tests/fuzz/host.h $(FUZZ_HDR) | deps
	@mkdir -p $(dir $@)
	$(step) CC "tests/fuzz/$*.c"
	$(Q)$(CLANG) -std=gnu11 -g -O1 $(FUZZ_SAN) $(FUZZ_COV) -Wall -Wextra -Wno-unused-parameter \
		-Ikernel -Ikernel/include -I$(BUILD)/gen -c $< -o $@

# -no-pie: the kernel's exports take 32-bit pointers, as on wasm32; the harness passes them
# buffers in its own static data, which a non-PIE executable keeps below 4 GiB.
$(FUZZ_BIN): $(FUZZ_OBJ) $(FUZZ_HOBJ) $(FUZZ_KOBJ)
	$(step) LD "$(notdir $@)"
	$(Q)$(CLANG) -fsanitize=fuzzer,address,undefined -no-pie $^ -o $@

.PHONY: fuzz test-fuzz
fuzz: $(FUZZ_BIN)
	@mkdir -p $(FUZZ_DIR)/corpus $(FUZZ_DIR)/crashes
	$(step) FUZZ "kernel, $(FUZZ_SECONDS) s (new inputs in $(FUZZ_DIR)/corpus)"
	$(Q)$(FUZZ_BIN) $(FUZZ_OPTS) -max_total_time=$(FUZZ_SECONDS) \
		-artifact_prefix=$(FUZZ_DIR)/crashes/ $(FUZZ_DIR)/corpus tests/fuzz/corpus \
		|| [ $$? -eq 72 ] # (72: interrupted, by ^C or at the time limit: not a finding)

# The replay runs each kept input once; the short run starts from the corpus with a fixed
# seed and a fixed number of inputs, into a scratch directory (the tree is left as it is).
test-fuzz: $(FUZZ_BIN)
	$(step) TEST "fuzz: replay of tests/fuzz/corpus and tests/fuzz/regress"
	$(Q)$(FUZZ_BIN) $(FUZZ_OPTS) $(wildcard tests/fuzz/corpus/* tests/fuzz/regress/*) 2>$(FUZZ_DIR)/replay.log \
		|| { tail -40 $(FUZZ_DIR)/replay.log; exit 1; }
	$(step) TEST "fuzz: $(FUZZ_RUNS) inputs from seed 1"
	$(Q)rm -rf $(FUZZ_DIR)/short && mkdir -p $(FUZZ_DIR)/short
	$(Q)$(FUZZ_BIN) $(FUZZ_OPTS) -seed=1 -runs=$(FUZZ_RUNS) -max_total_time=60 \
		-artifact_prefix=$(FUZZ_DIR)/short/ $(FUZZ_DIR)/short tests/fuzz/corpus 2>$(FUZZ_DIR)/short.log \
		|| { tail -60 $(FUZZ_DIR)/short.log; exit 1; }
	@grep -o 'cov: [0-9]*' $(FUZZ_DIR)/short.log | tail -1 | sed 's/^/           /'
TESTS += test-fuzz
