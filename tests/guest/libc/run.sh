#!/bin/sh
# run.sh DIR NAME...: runs each libc guest test natively (DIR/native/NAME, the reference) and
# under wasm-posix (node host/dist/cli.js run DIR/NAME.wasm), with the same stdin, and
# compares stdout and exit status. A self-checking test (one that calls check_done) must
# also pass natively. Without the CLI (make host) it fails: nothing is tested half.
set -u
dir=$1; shift
top=$(cd "$(dirname "$0")/../../.." && pwd)
cli=$top/host/dist/cli.js
stdin=$(printf 'alpha\nbeta\ngamma')
failed=0
[ -f "$cli" ] || { echo "FAIL: no host/dist/cli.js (make host)"; exit 1; }
for name in "$@"; do
	out=$dir/$name.out
	printf '%s' "$stdin" | timeout 120 "$dir/native/$name" >"$out.native" 2>"$out.native.err"
	nst=$?
	if grep -q 'check_done(' "$top/tests/guest/libc/$name.c" && [ "$nst" != 0 ]; then
		echo "FAIL $name: the native reference fails (status $nst):"; cat "$out.native.err"
		failed=1; continue
	fi
	printf '%s' "$stdin" | timeout 120 node "$cli" run "$dir/$name.wasm" >"$out.wasm" 2>"$out.wasm.err"
	wst=$?
	if [ "$wst" != "$nst" ] || ! cmp -s "$out.native" "$out.wasm"; then
		echo "FAIL $name: wasm-posix status $wst, native $nst"
		diff "$out.native" "$out.wasm" | head -20
		head -20 "$out.wasm.err"
		failed=1
	fi
done
[ $failed -eq 0 ] && echo "  libc: $# programs passed"
exit $failed
