# /proc/PID/exe of a program run through a symlink named the link (/bin/ls) instead of the
# file it leads to (/bin/busybox), where Linux resolves it.
set -eu
got=$("$WASM_POSIX" run /bin/sh -c 'ls -l /proc/self/exe' | sed 's/.* -> //')
[ "$got" = /bin/busybox ] || { echo "ls's /proc/self/exe -> $got, want /bin/busybox"; exit 1; }
got=$("$WASM_POSIX" run /bin/sh -c 'cd /bin && ./cat /proc/self/exe | head -c 4 | od -An -c | tr -d " "')
[ "$got" = '\0asm' ] || { echo "reading /proc/self/exe through a relative link: $got"; exit 1; }
echo "/proc/self/exe of ls is /bin/busybox"
