# Native kernel tests: tests/kernel/*.c with the fake host, linked against the kernel's
# sanitized native library, run under ASan (leak checking on) and UBSan.
KTEST_SRC := $(sort $(wildcard tests/kernel/*.c))
KTEST_OBJ := $(patsubst tests/kernel/%.c,$(BUILD)/kernel-test/%.o,$(KTEST_SRC))
KTEST_BIN := $(BUILD)/kernel-test/kernel-tests
KTEST_CFLAGS := -std=gnu11 -Wno-macro-redefined -g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all -Wall -Wextra -Wno-unused-parameter -Ikernel -Ikernel/include \
	-Itests/kernel -I$(GEN)

$(BUILD)/kernel-test/%.o: tests/kernel/%.c tests/kernel/t.h $(wildcard kernel/*.h kernel/include/uapi/*.h) | deps
	@mkdir -p $(dir $@)
	$(step) CC "tests/kernel/$*.c"
	$(Q)$(CLANG) $(KTEST_CFLAGS) -c $< -o $@

# (kernel.mk is read after this file: name its library by path)
KTEST_KLIB := $(BUILD)/kernel-native/libkernel.a
$(KTEST_BIN): $(KTEST_OBJ) $(KTEST_KLIB)
	$(step) LD "$(notdir $@)"
	$(Q)$(CLANG) -fsanitize=address,undefined $(KTEST_OBJ) $(KTEST_KLIB) -o $@

.PHONY: kernel-test
kernel-test: $(KTEST_BIN)
	$(step) TEST "kernel (native, ASan+UBSan)"
	$(Q)ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 $(KTEST_BIN)
TESTS += kernel-test
