# tests/guest/exec: execve and posix_spawn. Each test program and the probe it starts are
# built for wasm-posix (under wasm/, no suffix, so both trees have the same layout) and
# natively (the reference, where behaviour is Linux's); tests/guest/exec/run.sh runs each
# from its own tree. `make test-exec X=spawn` runs one.
EXEC_TEST_DIR := $(BUILD)/tests/guest/exec
EXEC_TESTS    := execve spawn
X ?= $(EXEC_TESTS)
EXEC_HDRS     := tests/guest/check.h tests/guest/exec/util.h

$(EXEC_TEST_DIR)/wasm/%: tests/guest/exec/%.c $(EXEC_HDRS) $(SDK) | deps
	$(step) CC "$(@:$(TOP)/%=%)"
	$(Q)mkdir -p $(@D) && $(WASM_CC) -O2 -o $@ $< && chmod 755 $@

$(EXEC_TEST_DIR)/native/%: tests/guest/exec/%.c $(EXEC_HDRS)
	$(step) CC "$(@:$(TOP)/%=%) (native)"
	$(Q)mkdir -p $(@D) && cc -O1 -w -o $@ $<

.PHONY: test-exec
test-exec: host $(foreach t,probe $(X),$(EXEC_TEST_DIR)/wasm/$(t) $(EXEC_TEST_DIR)/native/$(t))
	$(step) TEST "exec: $(words $(X)) programs"
	$(Q)sh tests/guest/exec/run.sh $(EXEC_TEST_DIR) $(X)
TESTS += test-exec
