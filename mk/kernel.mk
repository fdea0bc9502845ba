# The kernel: kernel/*.c built freestanding for wasm32 (build/kernel/kernel.wasm) and natively
# with ASan and UBSan into a library the native tests link (build/kernel-native/libkernel.a).

KERNEL_SRC  := $(sort $(wildcard kernel/*.c))
KERNEL_HDR  := $(wildcard kernel/*.h kernel/include/uapi/*.h)
KERNEL_WASM := $(BUILD)/kernel/kernel.wasm
KERNEL_LIB  := $(BUILD)/kernel-native/libkernel.a

KERNEL_CFLAGS := -std=c11 -Wall -Wextra -Wno-unused-parameter -Werror=implicit-function-declaration \
	-Ikernel -Ikernel/include -I$(GEN)

KERNEL_WASM_CFLAGS := --target=wasm32 -O2 -ffreestanding -fno-builtin -nostdlib -matomics \
	-mbulk-memory -mmutable-globals -fvisibility=hidden -DNDEBUG
KERNEL_WASM_LDFLAGS := -Wl,--no-entry -Wl,--import-memory -Wl,--shared-memory \
	-Wl,--max-memory=1073741824 -Wl,--stack-first -Wl,-z,stack-size=1048576 \
	-Wl,--export=__heap_base

KERNEL_WASM_OBJ := $(patsubst kernel/%.c,$(BUILD)/kernel/obj/%.o,$(KERNEL_SRC))
KERNEL_NATIVE_OBJ := $(patsubst kernel/%.c,$(BUILD)/kernel-native/obj/%.o,$(KERNEL_SRC))

$(BUILD)/kernel/obj/%.o: kernel/%.c $(KERNEL_HDR) $(GEN_FILES) | deps
	@mkdir -p $(dir $@)
	$(step) CC "kernel/$*.c (wasm32)"
	$(Q)$(CLANG) $(KERNEL_WASM_CFLAGS) $(KERNEL_CFLAGS) -c $< -o $@

$(KERNEL_WASM): $(KERNEL_WASM_OBJ)
	$(step) LD "$(notdir $@)"
	$(Q)$(CLANG) $(KERNEL_WASM_CFLAGS) $(KERNEL_WASM_LDFLAGS) $(KERNEL_WASM_OBJ) -o $@

$(BUILD)/kernel-native/obj/%.o: kernel/%.c $(KERNEL_HDR) $(GEN_FILES) | deps
	@mkdir -p $(dir $@)
	$(step) CC "kernel/$*.c (native)"
	$(Q)$(CLANG) -g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all \
		$(KERNEL_CFLAGS) -c $< -o $@

$(KERNEL_LIB): $(KERNEL_NATIVE_OBJ)
	$(step) AR "$(notdir $@)"
	$(Q)rm -f $@ && $(LLVM)/llvm-ar rcs $@ $^

.PHONY: kernel
kernel: $(KERNEL_WASM) $(KERNEL_LIB)
ALL += kernel
