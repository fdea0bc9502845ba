#!/bin/sh
# Checks that every tool on scripts/tools.txt is present and comes from a package on
# scripts/packages.txt; a missing one is one line naming the package to install. Run before
# the tests (make test), so that a missing prerequisite never shows up as a linker failure.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
listed=" $(sed 's/#.*//' "$top/scripts/packages.txt" | tr -s ' \n\t' ' ') "
bad=0
tools=${1:-$top/scripts/tools.txt}
while read -r tool pkg; do
	case "$tool" in ''|'#'*) continue ;; esac
	case "$listed" in
	*" $pkg "*) ;;
	*) echo "check-tools: $tool: its package $pkg is not on scripts/packages.txt" >&2; bad=1; continue ;;
	esac
	case "$tool" in
	/*) [ -e "$tool" ] && continue ;;
	*) command -v "$tool" >/dev/null 2>&1 && continue ;;
	esac
	echo "check-tools: missing $tool: install Debian package $pkg (make deps does)" >&2
	bad=1
done <"$tools"
exit $bad
