# A host FIFO in a hostfs mount is the same FIFO inside: host writes reach a guest reader and
# guest writes reach a host reader. While a guest process blocks on it, the kernel keeps
# serving the others (the guest writes to its own child through it).
set -u
mkdir -p "$OUT/in"
mkfifo "$OUT/in/fifo"
( sleep 1; echo "from the host" > "$OUT/in/fifo" ) &
got=$(timeout 30 "$WASM_POSIX" run -v "$OUT/in:/m" /bin/cat /m/fifo 2>&1)
wait
[ "$got" = "from the host" ] || { echo "guest read: $got"; exit 1; }
timeout 30 cat "$OUT/in/fifo" > "$OUT/host-read" &
reader=$!
timeout 30 "$WASM_POSIX" run -v "$OUT/in:/m" /bin/sh -c 'echo "from the guest" > /m/fifo' || exit 1
wait $reader
[ "$(cat "$OUT/host-read")" = "from the guest" ] || { echo "host read: $(cat "$OUT/host-read")"; exit 1; }
got=$(timeout 30 "$WASM_POSIX" run -v "$OUT/in:/m" /bin/sh -c \
	'cat /m/fifo & sleep 0.3; echo alive; echo "to my child" > /m/fifo; wait' 2>&1)
[ "$got" = "alive
to my child" ] || { echo "got: $got"; exit 1; }
