#!/bin/sh
# Runs each named guest test program (BUILD_DIR/NAME.wasm) under wasm-posix and natively
# (BUILD_DIR/native/NAME): both must exit 0 and print the same output. The suite is named
# after BUILD_DIR (tests/guest/proc, tests/guest/thread). Usage: run.sh BUILD_DIR NAME...
dir=$1; shift
top=$(cd "$(dirname "$0")/../.." && pwd)
fail=0
for t in "$@"; do
	want=$(timeout -s KILL 60 "$dir/native/$t" 2>&1); nrc=$?
	got=$(timeout -s KILL 60 "$top/bin/wasm-posix" run "$dir/$t.wasm" 2>&1); rc=$?
	if [ $nrc -ne 0 ]; then
		echo "FAIL $t (native, exit $nrc): $want"; fail=1
	elif [ $rc -ne 0 ]; then
		echo "FAIL $t (wasm-posix, exit $rc): $got"; fail=1
	elif [ "$got" != "$want" ]; then
		echo "FAIL $t: output differs"; echo "  native: $want"; echo "  wasm:   $got"; fail=1
	fi
done
[ $fail -eq 0 ] && echo "  $(basename "$dir"): $# programs passed"
exit $fail
