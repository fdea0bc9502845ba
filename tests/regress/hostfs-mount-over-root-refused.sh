# -v HOST:/ used to be accepted and then silently never reached: it is refused now, with a
# one-line error and a non-zero exit, however the root is spelled.
set -u
mkdir -p "$OUT/in"
for g in / // /. /tmp/..; do
	err=$("$WASM_POSIX" run -v "$OUT/in:$g" /bin/true 2>&1 >/dev/null)
	rc=$?
	[ $rc -ne 0 ] || { echo "-v HOST:$g exited 0"; exit 1; }
	echo "$err" | grep -q "root" || { echo "-v HOST:$g: $err"; exit 1; }
done
