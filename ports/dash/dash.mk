# dash: Debian's dash source package built with the SDK; /bin/sh in the root image.
#
# Debian's own patches come with the source package (dpkg-source applies them). Three of them
# edit configure.ac and src/Makefile.am (0012 large files, 0013 helper flags, 9002 adds
# src/priv.c), so, as Debian's build does, autoreconf regenerates configure and Makefile.in.
# The configure options are Debian's (debian/rules), so our sh behaves as the native one the
# shell tests compare against. No patches of our own are needed.

DASH_VERSION := 0.5.12-2
DASH_SRC     := $(BUILD)/src/dash-0.5.12
DASH_BUILD   := $(BUILD)/dash
DASH         := $(DASH_BUILD)/dash.wasm

$(DASH_SRC)/.fetched: scripts/fetch-source.sh ports/checksums/dash.sha256 | deps
	$(step) FETCH "dash $(DASH_VERSION)"
	$(Q)sh scripts/fetch-source.sh dash $(DASH_VERSION) $(DASH_SRC)

$(DASH_SRC)/.autoreconf: $(DASH_SRC)/.fetched
	$(step) AUTOCONF "dash"
	$(Q)cd $(DASH_SRC) && autoreconf -fi >autoreconf.log 2>&1 || { cat autoreconf.log; exit 1; }
	$(Q)touch $@

# CC_FOR_BUILD builds dash's generators (mkinit, mksyntax, mknodes, mksignames) for this machine.
$(DASH_BUILD)/config.status: $(DASH_SRC)/.autoreconf ports/dash/dash.mk $(PORTS_SDK)
	$(step) CONFIGURE "dash"
	$(Q)rm -rf $(DASH_BUILD) && mkdir -p $(DASH_BUILD)
	$(Q)cd $(DASH_BUILD) && $(DASH_SRC)/configure --host=wasm32-unknown-linux-musl \
		CC=$(WASM_CC) CC_FOR_BUILD=$(CLANG) CFLAGS=-O2 \
		--disable-fnmatch --disable-lineno --disable-glob >configure.log 2>&1 || \
		{ cat configure.log; exit 1; }

$(DASH): $(DASH_BUILD)/config.status
	$(step) MAKE "dash"
	$(Q)$(MAKE) -s -C $(DASH_BUILD) >$(DASH_BUILD)/make.log 2>&1 || { cat $(DASH_BUILD)/make.log; exit 1; }
	$(Q)cp $(DASH_BUILD)/src/dash $@ && chmod 755 $@

.PHONY: dash
dash: $(DASH)
