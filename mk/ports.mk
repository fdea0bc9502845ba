# Real software from Debian's source packages, built with the SDK (ports/<name>/<name>.mk),
# staged in build/ports/root and added to the root image through ROOTFS_EXTRA.
#
# mk/sdk.mk is read after this file, so the SDK's files are named here for prerequisites.

PORTS_SDK  := $(SYSROOT)/lib/libc.a $(TOP)/sdk/bin/wasm-posix-cc $(TOP)/sdk/bin/wasm-posix-ar \
	$(TOP)/sdk/bin/wasm-posix-ranlib
PORTS_ROOT := $(BUILD)/ports/root

include ports/dash/dash.mk

# The staging tree (a directory target: touched after each change so rootfs.tar follows).
$(PORTS_ROOT): $(DASH) mk/ports.mk
	$(step) STAGE "ports into $(PORTS_ROOT:$(TOP)/%=%)"
	$(Q)rm -rf $@ && mkdir -p $@/bin
	$(Q)cp $(DASH) $@/bin/sh && ln -s sh $@/bin/dash
	$(Q)touch $@

ROOTFS_EXTRA += $(PORTS_ROOT)=/
ALL += $(DASH) $(PORTS_ROOT)
