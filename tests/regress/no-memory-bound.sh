# No memory bound held per system: an unprivileged guest pushed Node past 6 GB. With
# --memory 512M, malloc fails inside the budget, fork fails with ENOMEM or EAGAIN at it (each
# process is charged its memory and its worker), the system goes on working, the host's
# resident memory stays near the budget, and /proc/meminfo and sysinfo report the budget.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
"$WASM_CC" -O2 -I"$top/tests/guest" -o "$OUT/hog.wasm" "$top/tests/regress/progs/hog.c"

peak() { # peak resident MiB of the command that follows (its output goes to $OUT/peak.out)
	/usr/bin/time -f '%M' -o "$OUT/rss" "$@" >"$OUT/peak.out"
	echo $(( $(cat "$OUT/rss") / 1024 ))
}

out=$("$WASM_POSIX" run --memory 512M "$OUT/hog.wasm" malloc)
mib=${out#malloc: }; mib=${mib% MiB}
[ "$mib" -gt 256 ] && [ "$mib" -lt 512 ] || { echo "malloc got $mib MiB of a 512 MiB budget"; exit 1; }
echo "$out of a 512 MiB budget"

rss=$(peak "$WASM_POSIX" run --memory 512M "$OUT/hog.wasm" fork)
cat "$OUT/peak.out"
[ "$rss" -lt 1536 ] || { echo "the host peaked at $rss MiB resident for a 512 MiB budget"; exit 1; }
echo "host peak resident: $rss MiB"

info=$("$WASM_POSIX" run --memory 512M /bin/sh -c 'sed -n 1p /proc/meminfo; free -k | sed -n 2p')
echo "$info" | grep -q '^MemTotal: *524288 kB$' || { echo "meminfo: $info"; exit 1; }
echo "$info" | sed -n 2p | grep -q '^Mem: *524288 ' || { echo "sysinfo (free): $info"; exit 1; }
echo "meminfo and sysinfo: 524288 kB"
