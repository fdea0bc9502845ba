# Real software from Debian's source packages, built with the SDK (ports/<name>/<name>.mk),
# staged in build/ports/root and added to the root image through ROOTFS_EXTRA.
#
# mk/sdk.mk is read after this file, so the SDK's files are named here for prerequisites.

PORTS_SDK  := $(SYSROOT)/lib/libc.a $(TOP)/sdk/bin/wasm-posix-cc $(TOP)/sdk/bin/wasm-posix-ar \
	$(TOP)/sdk/bin/wasm-posix-ranlib
PORTS_ROOT := $(BUILD)/ports/root

include ports/dash/dash.mk
include ports/busybox/busybox.mk

# The staging tree (a directory target: touched after each change so rootfs.tar follows).
# busybox's applets are symbolic links to /bin/busybox, except /bin/sh, which stays dash.
$(PORTS_ROOT): $(DASH) $(BUSYBOX) mk/ports.mk
	$(step) STAGE "ports into $(PORTS_ROOT:$(TOP)/%=%)"
	$(Q)rm -rf $@ && mkdir -p $@/bin $@/sbin $@/usr/bin $@/usr/sbin
	$(Q)cp $(DASH) $@/bin/sh && ln -s sh $@/bin/dash
	$(Q)cp $(BUSYBOX) $@/bin/busybox
	$(Q)grep -v '^/bin/sh$$' $(BUSYBOX_BUILD)/busybox.links | while read -r l; do \
		ln -s /bin/busybox $@$$l || exit 1; done
	$(Q)touch $@

ROOTFS_EXTRA += $(PORTS_ROOT)=/
ALL += $(DASH) $(BUSYBOX) $(PORTS_ROOT)

# Shell scripts run by our dash under wasm-posix and by the native dash, outputs compared.
.PHONY: shell-test
shell-test: host
	$(step) TEST "tests/shell: our dash against the native dash"
	$(Q)sh tests/shell/run.sh
TESTS += shell-test

# busybox's own testsuite inside wasm-posix: pass counts in build/tests/busybox/summary.txt;
# fails only on a failure not in tests/busybox/known-failures.txt.
.PHONY: busybox-test
busybox-test: host
	$(step) TEST "busybox testsuite under wasm-posix"
	$(Q)sh tests/busybox/run.sh
TESTS += busybox-test

# busybox's network applets against each other inside the system (tests/net/run.sh).
.PHONY: net-test
net-test: host
	$(step) TEST "net: httpd, wget, nc, tcpsvd over loopback"
	$(Q)sh tests/net/run.sh
TESTS += net-test
