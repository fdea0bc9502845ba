# top -n 1 -b failed: "can't open 'stat'" (there was no /proc/stat, nor /proc/loadavg).
got=$("$WASM_POSIX" run /bin/sh -c 'top -n 1 -b') || { echo "exit $?: $got"; exit 1; }
for want in '^CPU: ' '^Load average: ' ' R .* top -n 1 -b$' ' S .* /bin/sh -c top -n 1 -b$'; do
	printf '%s\n' "$got" | grep -q -- "$want" || { echo "no line matching '$want' in: $got"; exit 1; }
done
