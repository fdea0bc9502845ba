# nproc said 1 on a 2-core host: the kernel did not know the host's CPU count, and nproc (like
# musl's sysconf) counts the CPUs sched_getaffinity reports.
want=$(nproc)
got=$("$WASM_POSIX" run /bin/sh -c 'nproc') || { echo "exit $?: $got"; exit 1; }
[ "$got" = "$want" ] || { echo "host has $want CPUs; got: $got"; exit 1; }
