# busybox: Debian's busybox source package built with the SDK, /bin/busybox in the root image
# with a link for each applet (but not /bin/sh, which is dash).
#
# The configuration is busybox's defconfig with ports/busybox/busybox.config laid over it
# (what we cannot support yet is off there, each group with its reason). kbuild's partial
# links go through ports/busybox/wasm-ld-r. Debian's patches come with the source package.
# A serial top-level make still builds busybox with two jobs (it is the longest step).

BUSYBOX_VERSION := 1:1.35.0-4+deb12u1
BUSYBOX_SRC     := $(BUILD)/src/busybox-1.35.0
BUSYBOX_BUILD   := $(BUILD)/busybox
BUSYBOX         := $(BUSYBOX_BUILD)/busybox.wasm
BUSYBOX_MAKE     = $(MAKE) -s -C $(BUSYBOX_SRC) O=$(BUSYBOX_BUILD) HOSTCC=$(CLANG) \
	CC=$(WASM_CC) AR=$(WASM_AR) LD=$(TOP)/ports/busybox/wasm-ld-r STRIP=true SKIP_STRIP=y

$(BUSYBOX_SRC)/.fetched: scripts/fetch-source.sh ports/checksums/busybox.sha256 | deps
	$(step) FETCH "busybox $(BUSYBOX_VERSION)"
	$(Q)sh scripts/fetch-source.sh busybox $(BUSYBOX_VERSION) $(BUSYBOX_SRC)

# Our patches (ports/busybox/patches/*.patch, each opens with why it is needed), once.
BUSYBOX_PATCHES := $(sort $(wildcard ports/busybox/patches/*.patch))
$(BUSYBOX_SRC)/.patched: $(BUSYBOX_SRC)/.fetched $(BUSYBOX_PATCHES)
	$(step) PATCH "busybox"
	$(Q)if [ -f $@ ]; then rm -rf $(BUSYBOX_SRC) && sh scripts/fetch-source.sh busybox \
		$(BUSYBOX_VERSION) $(BUSYBOX_SRC); fi
	$(Q)for p in $(BUSYBOX_PATCHES); do patch -s -p1 -d $(BUSYBOX_SRC) <$$p || exit 1; done
	$(Q)touch $@

# defconfig, our lines over it, oldconfig; then every line of ours must have held.
$(BUSYBOX_BUILD)/.config: $(BUSYBOX_SRC)/.patched ports/busybox/busybox.config ports/busybox/busybox.mk
	$(step) CONFIG "busybox (defconfig + ports/busybox/busybox.config)"
	$(Q)rm -rf $(BUSYBOX_BUILD) && mkdir -p $(BUSYBOX_BUILD)
	$(Q)$(BUSYBOX_MAKE) defconfig >$(BUSYBOX_BUILD)/config.log 2>&1 || { cat $(BUSYBOX_BUILD)/config.log; exit 1; }
	$(Q)awk -f ports/busybox/overlay.awk ports/busybox/busybox.config $@ >$@.new && mv $@.new $@
	$(Q)yes "" | $(BUSYBOX_MAKE) oldconfig >>$(BUSYBOX_BUILD)/config.log 2>&1
	$(Q)sed -n 's/^# \(CONFIG_[A-Z0-9_]*\) is not set$$/\1=/p' ports/busybox/busybox.config | \
		while read -r s; do ! grep -q "^$$s" $@ || { echo "busybox config: $$s is still on" >&2; exit 1; }; done
	$(Q)grep '^CONFIG_' ports/busybox/busybox.config | while read -r line; do \
		grep -qxF "$$line" $@ || { echo "busybox config: $$line did not hold" >&2; exit 1; }; done

$(BUSYBOX): $(BUSYBOX_BUILD)/.config ports/busybox/wasm-ld-r $(PORTS_SDK)
	$(step) MAKE "busybox"
	$(Q)case "$$MAKEFLAGS" in *jobserver*) j= ;; *) j=-j2 ;; esac; \
		$(BUSYBOX_MAKE) $$j busybox busybox.links >$(BUSYBOX_BUILD)/make.log 2>&1 || \
		{ grep -E 'error|Error' $(BUSYBOX_BUILD)/make.log; exit 1; }
	$(Q)cp $(BUSYBOX_BUILD)/busybox $@ && chmod 755 $@

.PHONY: busybox
busybox: $(BUSYBOX)
