#!/bin/sh
# run.sh [NAME...]: runs each tests/shell/NAME.sh (default: all) twice, by the native dash and
# by our dash under wasm-posix (tests/shell mounted read-only at /tests/shell, cwd there,
# the same environment), and compares stdout, stderr and the exit status.
# Prints PASS/FAIL per script (with the differences) and "N passed, N failed"; exits 1 on any
# failure. Outputs are kept in build/tests/shell/.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/shell
out=$top/build/tests/shell
native=${NATIVE_SH:-/bin/dash}
limit=${SHELL_TEST_TIMEOUT:-60}
mkdir -p "$out"

[ -x "$native" ] || { echo "shell tests: no native dash at $native (make deps installs it)" >&2; exit 1; }

if [ $# -eq 0 ]; then
	set --
	for t in "$here"/*.sh; do
		n=${t##*/}; n=${n%.sh}
		[ "$n" = run ] || set -- "$@" "$n"
	done
fi

pass=0 fail=0
for n in "$@"; do
	(cd "$here" && env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root TERM=dumb \
		timeout -s KILL "$limit" "$native" "./$n.sh") \
		</dev/null >"$out/$n.native.out" 2>"$out/$n.native.err"
	echo "exit $?" >>"$out/$n.native.out"
	timeout -s KILL "$limit" "$top/bin/wasm-posix" run -v "$here:/tests/shell:ro" -w /tests/shell \
		-e TERM=dumb /bin/sh "./$n.sh" \
		</dev/null >"$out/$n.wasm.out" 2>"$out/$n.wasm.err"
	echo "exit $?" >>"$out/$n.wasm.out"
	if cmp -s "$out/$n.native.out" "$out/$n.wasm.out" && cmp -s "$out/$n.native.err" "$out/$n.wasm.err"; then
		echo "PASS: $n"
		pass=$((pass + 1))
	else
		echo "FAIL: $n"
		diff -u --label "native $n (stdout)" --label "wasm-posix $n (stdout)" \
			"$out/$n.native.out" "$out/$n.wasm.out" | sed 's/^/    /'
		diff -u --label "native $n (stderr)" --label "wasm-posix $n (stderr)" \
			"$out/$n.native.err" "$out/$n.wasm.err" | sed 's/^/    /'
		fail=$((fail + 1))
	fi
done
echo "shell tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
