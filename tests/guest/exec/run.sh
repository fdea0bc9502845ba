#!/bin/sh
# Runs each named tests/guest/exec program natively (from BUILD_DIR/native) and under
# wasm-posix (BUILD_DIR/wasm mounted at /t, the working directory): both must exit 0 and
# print the same output. Usage: run.sh BUILD_DIR NAME...
dir=$1; shift
top=$(cd "$(dirname "$0")/../../.." && pwd)
fail=0
for t in "$@"; do
	want=$(cd "$dir/native" && timeout -s KILL 120 "./$t" 2>&1); nrc=$?
	got=$(timeout -s KILL 120 "$top/bin/wasm-posix" run -v "$dir/wasm:/t" -w /t "/t/$t" 2>&1); rc=$?
	if [ $nrc -ne 0 ]; then
		echo "FAIL $t (native, exit $nrc): $want"; fail=1
	elif [ $rc -ne 0 ]; then
		echo "FAIL $t (wasm-posix, exit $rc): $got"; fail=1
	elif [ "$got" != "$want" ]; then
		echo "FAIL $t: output differs"; echo "  native: $want"; echo "  wasm:   $got"; fail=1
	fi
done
[ $fail -eq 0 ] && echo "  exec: $# programs passed"
exit $fail
