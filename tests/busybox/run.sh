#!/bin/sh
# run.sh [APPLET...]: busybox's own testsuite (testsuite/ of the source package) run inside
# wasm-posix by our /bin/sh (dash) and /bin/busybox, one guest per applet with a time limit.
#
# The testsuite and the build's .config are staged in build/tests/busybox/stage, mounted
# read-only at /bb and copied into the guest's /tmp (the tests write beside themselves).
# ECHO=/bin/echo: testing.sh wants an echo that takes -n and -e together (dash's builtin
# does not, busybox's does); upstream compiles one with gcc otherwise.
#
# Writes build/tests/busybox/report.txt (every result line), prints "N passed, N failed" (new
# failures; the known ones apart),
# and exits 1 only on a failure not listed in tests/busybox/known-failures.txt (a hung
# applet counts as one failure named APPLET:TIMEOUT). Known failures that pass are named,
# so the list can shrink.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
src=${BUSYBOX_SRC:-$top/build/src/busybox-1.35.0}
config=${BUSYBOX_CONFIG:-$top/build/busybox/.config}
links=${BUSYBOX_LINKS:-$top/build/busybox/busybox.links}
known=$top/tests/busybox/known-failures.txt
out=$top/build/tests/busybox
limit=${BUSYBOX_TEST_TIMEOUT:-60}

[ -d "$src/testsuite" ] || { echo "busybox tests: no $src/testsuite (run make)" >&2; exit 1; }
rm -rf "$out/stage" && mkdir -p "$out/stage" "$out/logs"
cp -R "$src/testsuite" "$out/stage/testsuite"
cp "$config" "$out/stage/config"

# Applets with tests (old-style directories and new-style NAME.tests) that this build has.
built=$(sed 's:.*/::' "$links"; echo busybox)
if [ $# -eq 0 ]; then
	set --
	for t in "$src"/testsuite/*.tests "$src"/testsuite/*/; do
		n=${t%/}; n=${n##*/}; n=${n%.tests}
		case " $* " in *" $n "*) continue ;; esac
		# wget's tests all fetch a page from the internet, which the system cannot reach
		# (tests/net covers wget against httpd inside the system)
		[ "$n" = wget ] && continue
		echo "$built" | grep -qx "$n" && set -- "$@" "$n"
	done
fi

guest='rm -rf /tmp/bb && mkdir -p /tmp/bb && cp -R /bb/testsuite /tmp/bb/ &&
	cp /bb/config /tmp/bb/.config && ln -s /bin/busybox /tmp/bb/busybox &&
	cd /tmp/bb/testsuite && ECHO=/bin/echo bindir=/tmp/bb tsdir=/tmp/bb/testsuite sh ./runtest "$1"'

: >"$out/report.txt"
for a in "$@"; do
	# bc's testsuite pipes about 5 million numbers through two bc's ("bc parsing of numbers",
	# "bc printing of numbers"): compute-bound, minutes under wasm-posix, not hung.
	case $a in bc) lim=$((limit * 12)) ;; *) lim=$limit ;; esac
	timeout -s KILL "$lim" "$top/bin/wasm-posix" run -v "$out/stage:/bb:ro" -e TERM=dumb \
		/bin/sh -c "$guest" sh "$a" </dev/null >"$out/logs/$a.log" 2>&1
	rc=$?
	grep -E '^(PASS|FAIL|SKIPPED|UNTESTED): ' "$out/logs/$a.log" | sed "s|^|$a |" >>"$out/report.txt"
	[ $rc -eq 137 ] && echo "$a TIMEOUT: $a:TIMEOUT" >>"$out/report.txt"
done

pass=$(grep -c ' PASS: ' "$out/report.txt")
fail=$(grep -cE ' (FAIL|TIMEOUT): ' "$out/report.txt")
skip=$(grep -cE ' (SKIPPED|UNTESTED): ' "$out/report.txt")
{
	echo "busybox testsuite under wasm-posix: $pass passed, $fail failed, $skip skipped"
} >"$out/summary.txt"

# Failures against the known list (its first field is the test name; # starts a comment).
knownlist=$(sed 's/#.*//; s/[[:space:]]*$//' "$known" 2>/dev/null | grep .)
new=0
for t in $(sed -nE 's/^[^ ]+ (FAIL|TIMEOUT): //p' "$out/report.txt" | tr ' ' '\037'); do
	t=$(printf '%s' "$t" | tr '\037' ' ')
	if ! printf '%s\n' "$knownlist" | grep -qxF "$t"; then
		echo "NEW FAILURE: $t"
		new=$((new + 1))
	fi
done
printf '%s\n' "$knownlist" | while IFS= read -r t; do
	[ -n "$t" ] || continue
	sed -n 's/^[^ ]* PASS: //p' "$out/report.txt" | grep -qxF "$t" && echo "known failure now passes (remove it from the list): $t"
done
cat "$out/summary.txt"
# the closing count: failures are the new ones; the known ones (each with its reason in
# known-failures.txt) are counted apart
echo "busybox: $pass passed, $new failed, $((fail - new)) known failures, $skip skipped"
[ "$new" -eq 0 ]
