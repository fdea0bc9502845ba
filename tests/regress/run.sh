#!/bin/sh
# Runs the named regression cases (tests/regress/NAME.c or NAME.sh). Usage: run.sh BUILD_DIR NAME...
# A case passes when it exits 0 (and, for a `// native-too` program, prints what native does).
dir=$1; shift
top=$(cd "$(dirname "$0")/../.." && pwd)
export WASM_POSIX="$top/bin/wasm-posix" WASM_CC="$top/sdk/bin/wasm-posix-cc"
pass=0 fail=0
for t in "$@"; do
	src="$top/tests/regress/$t"
	if [ -f "$src.sh" ]; then
		out="$dir/$t.out"; rm -rf "$out"; mkdir -p "$out"
		got=$(OUT="$out" timeout -s KILL 300 sh "$src.sh" 2>&1); rc=$?
		want=$got
		[ $rc -ne 0 ] || [ -z "$got" ] || printf '%s\n' "$got" | sed "s/^/  $t: /"
	else
		got=$(timeout -s KILL 120 "$WASM_POSIX" run "$dir/$t.wasm" 2>&1); rc=$?
		want=$got
		if head -n 1 "$src.c" | grep -q 'native-too'; then
			want=$(timeout -s KILL 120 "$dir/native/$t" 2>&1)
		fi
	fi
	if [ $rc -ne 0 ]; then
		echo "FAIL $t (exit $rc): $got"; fail=$((fail + 1))
	elif [ "$got" != "$want" ]; then
		echo "FAIL $t: output differs from native"; echo "  native: $want"; echo "  wasm:   $got"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
echo "regress: $pass passed, $fail failed"
[ $fail -eq 0 ]
