# Output to a slow host pipe was cut off: `head -c 10000000 /dev/zero | (sleep 2; wc -c)`
# counted 49,300 bytes and the guest said "standard output: I/O error" (the host's stdout is
# non-blocking; EAGAIN became EIO). 100 MB must arrive whole through slow readers, and input
# must arrive whole from a slow writer and into a slow guest reader.
set -eu
mb=${PIPE_TEST_MB:-100}
mkdir -p "$OUT/data"
head -c $((mb * 1024 * 1024)) /dev/urandom >"$OUT/data/big"
want=$(sha256sum <"$OUT/data/big" | cut -d' ' -f1)

check() {
	[ "$2" = "$want" ] || { echo "$1: got sha256 $2, want $want"; exit 1; }
	echo "$1: $mb MB arrived whole"
}

# a reader that is away for two seconds, then reads at once
got=$("$WASM_POSIX" run -v "$OUT/data:/data:ro" /bin/cat /data/big | { sleep 2; sha256sum; } | cut -d' ' -f1)
check "late reader" "$got"

# a reader that takes a MiB every 20 ms
got=$("$WASM_POSIX" run -v "$OUT/data:/data:ro" /bin/cat /data/big |
	{ i=0; while [ $i -lt "$mb" ]; do
		dd bs=1M count=1 iflag=fullblock status=none; sleep 0.02; i=$((i + 1)); done; cat; } |
	sha256sum | cut -d' ' -f1)
check "throttled reader" "$got"

# the guest reads stdin only after two seconds, while the host writes as fast as it can
got=$("$WASM_POSIX" run /bin/sh -c 'sleep 2; cat' <"$OUT/data/big" | sha256sum | cut -d' ' -f1)
check "slow guest reader" "$got"

# a host writer that gives a MiB every 20 ms
got=$({ i=0; while [ $i -lt "$mb" ]; do
		dd if="$OUT/data/big" bs=1M skip=$i count=1 status=none; sleep 0.02; i=$((i + 1)); done; } |
	"$WASM_POSIX" run /bin/cat | sha256sum | cut -d' ' -f1)
check "slow host writer" "$got"

# a guest that writes to a pipe nobody reads any more dies by SIGPIPE, as on Linux
"$WASM_POSIX" run /bin/sh -c 'yes; echo "yes ended: $?" >&2' 2>"$OUT/err" | head -c 100000 >/dev/null
grep -qx 'yes ended: 141' "$OUT/err" || { echo "closed reader: $(cat "$OUT/err")"; exit 1; }
echo "closed reader: the writer died by SIGPIPE"
