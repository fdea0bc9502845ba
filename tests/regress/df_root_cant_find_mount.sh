# df / said "can't find mount point": the root mount's source was "rootfs", which busybox df
# skips (on Linux it is the hidden initial root). /etc/mtab is the link Debian has.
got=$("$WASM_POSIX" run /bin/sh -c 'df /; df /tmp; readlink /etc/mtab; grep " / " /etc/mtab') ||
	{ echo "exit $?: $got"; exit 1; }
printf '%s\n' "$got" | grep -q '^tmpfs .* /$' || { echo "no / line: $got"; exit 1; }
printf '%s\n' "$got" | grep -q '^tmpfs .* /tmp$' || { echo "no /tmp line: $got"; exit 1; }
printf '%s\n' "$got" | grep -qx '../proc/self/mounts' || { echo "no /etc/mtab: $got"; exit 1; }
printf '%s\n' "$got" | grep -qx 'tmpfs / tmpfs rw 0 0' || { echo "mtab: $got"; exit 1; }
