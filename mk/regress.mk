# tests/regress: one file per fixed bug, named after what broke. A .c file is a guest program
# built with the SDK and run under the real CLI (exit 0 passes; a first line
# `// native-too` also builds it natively and compares outputs); a .sh file runs on the host
# with WASM_POSIX (the CLI), WASM_CC (the SDK's cc) and OUT (a scratch directory) set.
# `make test-regress R=name` runs one.
REGRESS_DIR   := $(BUILD)/tests/regress
REGRESS_TESTS := $(filter-out run,$(basename $(notdir $(wildcard tests/regress/*.c tests/regress/*.sh))))
R ?= $(REGRESS_TESTS)
REGRESS_C     := $(basename $(notdir $(wildcard tests/regress/*.c)))

$(REGRESS_DIR)/%.wasm: tests/regress/%.c tests/guest/check.h $(SDK) | deps
	$(step) CC "$(@:$(TOP)/%=%)"
	$(Q)mkdir -p $(@D) && $(WASM_CC) -O2 -Itests/guest -o $@ $<

$(REGRESS_DIR)/native/%: tests/regress/%.c tests/guest/check.h
	$(Q)mkdir -p $(@D) && cc -O1 -w -Itests/guest -o $@ $<

.PHONY: test-regress
test-regress: host $(patsubst %,$(REGRESS_DIR)/%.wasm,$(filter $(REGRESS_C),$(R))) \
		$(patsubst %,$(REGRESS_DIR)/native/%,$(filter $(REGRESS_C),$(R)))
	$(step) TEST "regress: $(words $(R)) cases"
	$(Q)sh tests/regress/run.sh $(REGRESS_DIR) $(R)
TESTS += test-regress
