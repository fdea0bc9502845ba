# The root image: build/rootfs.tar from rootfs/files plus ROOTFS_EXTRA (HOSTPATH=GUESTPATH
# pairs other areas add, e.g. $(BUILD)/dash/dash.wasm=/bin/sh), deterministic.
ROOTFS_TAR   := $(BUILD)/rootfs.tar
ROOTFS_FILES := $(shell find rootfs/files \( -type f -o -type l \) ! -xtype l 2>/dev/null) # (links into /proc dangle here)
ROOTFS_EXTRA ?=

$(ROOTFS_TAR): rootfs/mkrootfs.mjs $(ROOTFS_FILES) $(foreach x,$(ROOTFS_EXTRA),$(firstword $(subst =, ,$(x)))) | deps
	@mkdir -p $(dir $@)
	$(step) TAR "rootfs.tar"
	$(Q)$(NODE) rootfs/mkrootfs.mjs $@ rootfs/files $(ROOTFS_EXTRA)

.PHONY: rootfs
rootfs: $(ROOTFS_TAR)
ALL += rootfs
