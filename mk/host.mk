# The host package: TypeScript compiled to host/dist, with the kernel and root image beside it.

HOST_SRC := $(shell find host/src -name '*.ts' -not -path '*/generated/*')
HOST_OUT := host/dist/index.js

host/src/generated/syscalls.ts: $(GEN)/syscalls.ts
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

host/src/generated/abi.ts: $(GEN_ABI)
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

$(HOST_OUT): $(HOST_SRC) host/src/generated/syscalls.ts host/src/generated/abi.ts host/tsconfig.json | deps
	$(step) TSC "host"
	$(Q)cd host && ./node_modules/.bin/tsc -p tsconfig.json
	$(Q)chmod +x host/dist/cli.js
	$(Q)touch $@

host/kernel.wasm: $(BUILD)/kernel/kernel.wasm
	$(Q)cp $< $@

host/rootfs.tar: $(BUILD)/rootfs.tar
	$(Q)cp $< $@

.PHONY: host
host: $(HOST_OUT) host/kernel.wasm host/rootfs.tar
ALL += host
