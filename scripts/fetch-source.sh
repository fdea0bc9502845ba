#!/bin/sh
# fetch-source.sh PACKAGE VERSION DEST [SUMS]
#
# Fetches Debian's source package PACKAGE=VERSION with `apt-get source`, verifies every
# downloaded file against SUMS (sha256sum format; default ports/checksums/PACKAGE.sha256) and
# extracts it to DEST with dpkg-source. Idempotent: does nothing, silently, when DEST is there.
#
# apt runs with its own state under build/apt/: a sources list of deb-src lines derived from
# the machine's own apt sources (so no archive host is named here), its own list and cache
# directories. The machine's apt configuration and state are never touched.
set -eu

if [ $# -lt 3 ] || [ $# -gt 4 ]; then
	echo "usage: fetch-source.sh PACKAGE VERSION DEST [SUMS]" >&2
	exit 2
fi
pkg=$1 ver=$2 dest=$3
top=$(cd "$(dirname "$0")/.." && pwd)
sums=${4:-$top/ports/checksums/$pkg.sha256}
case $sums in /*) ;; *) sums=$(pwd)/$sums ;; esac
case $dest in /*) ;; *) dest=$(pwd)/$dest ;; esac

[ -f "$dest/.fetched" ] && exit 0

die() { echo "fetch-source: $pkg $ver: $*" >&2; exit 1; }
[ -f "$sums" ] || die "no checksum file $sums"

apt=$top/build/apt
dl=$top/build/src/dl/${pkg}_$ver
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/parts" "$dl"

# One fetch at a time: parallel makes (make -j) share this apt state.
exec 9>"$apt/lock"
flock 9
[ -f "$dest/.fetched" ] && exit 0

# deb-src lines from the machine's deb lines: one-line sources.list files and deb822 .sources.
sources_list() {
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '
		function flush() {
			if (types ~ /(^| )deb( |$)/ && uris != "" && suites != "") {
				n = split(uris, u, " "); m = split(suites, s, " ")
				for (i = 1; i <= n; i++) for (j = 1; j <= m; j++)
					printf "deb-src %s%s %s %s\n", opts, u[i], s[j], comps
			}
			types = uris = suites = comps = opts = ""
		}
		/^[[:space:]]*#/ { next }
		/^[[:space:]]*$/ { flush(); next }
		{
			key = tolower($1); sub(/:$/, "", key); $1 = ""; sub(/^ +/, "")
			if (key == "types") types = $0
			else if (key == "uris") uris = $0
			else if (key == "suites") suites = $0
			else if (key == "components") comps = $0
			else if (key == "signed-by") opts = "[signed-by=" $0 "] "
			else if (key == "enabled" && tolower($0) == "no") types = ""
		}
		END { flush() }' "$f"
	done
}

sources_list >"$apt/sources.list.new"
[ -s "$apt/sources.list.new" ] || die "no deb sources found in the machine's apt configuration"
if cmp -s "$apt/sources.list.new" "$apt/sources.list" 2>/dev/null; then
	rm -f "$apt/sources.list.new"
else
	mv "$apt/sources.list.new" "$apt/sources.list"
	rm -f "$apt/updated"
fi

aptget() {
	apt-get -q \
		-o Dir::Etc::SourceList="$apt/sources.list" \
		-o Dir::Etc::SourceParts="$apt/parts" \
		-o Dir::State::Lists="$apt/lists" \
		-o Dir::Cache="$apt/cache" \
		-o APT::Sandbox::User="$(id -un)" \
		-o Debug::NoLocking=true \
		"$@"
}

if [ ! -f "$apt/updated" ]; then
	aptget update >"$apt/update.log" 2>&1 || { cat "$apt/update.log" >&2; die "apt-get update failed"; }
	touch "$apt/updated"
fi

# Download (apt checks the .dsc signature chain and sizes), then check our own pinned sums.
(cd "$dl" && aptget source --download-only "$pkg=$ver") >"$dl/download.log" 2>&1 ||
	{ cat "$dl/download.log" >&2; die "apt-get source failed"; }

n=0
for f in "$dl"/*; do
	case $f in *.log) continue ;; esac
	name=$(basename "$f")
	want=$(awk -v n="$name" '$2 == n || $2 == "*" n { print $1 }' "$sums")
	[ -n "$want" ] || die "$name is not listed in $sums"
	got=$(sha256sum "$f" | cut -d' ' -f1)
	[ "$got" = "$want" ] || die "checksum mismatch for $name: expected $want, got $got"
	n=$((n + 1))
done
[ "$n" -eq "$(grep -c . "$sums")" ] || die "expected $(grep -c . "$sums") files, downloaded $n"

dsc=$(ls "$dl"/*.dsc)
rm -rf "$dest"
mkdir -p "$(dirname "$dest")"
dpkg-source --no-check -x "$dsc" "$dest" >"$dl/extract.log" 2>&1 ||
	{ cat "$dl/extract.log" >&2; die "dpkg-source -x failed"; }
touch "$dest/.fetched"
