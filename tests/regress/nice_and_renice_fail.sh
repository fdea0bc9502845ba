# nice and renice failed with "Function not implemented": getpriority and setpriority were
# ENOSYS. nice sets a command's nice value, renice another process's (absolute or -n relative).
got=$("$WASM_POSIX" run /bin/sh -c '
	nice; nice -n 5 nice; nice -n 5 nice -n 3 nice
	sleep 30 & pid=$!
	renice 7 -p $pid && cut -d" " -f19 /proc/$pid/stat
	renice -n 2 -p $pid && cut -d" " -f19 /proc/$pid/stat
	kill $pid') || { echo "exit $?: $got"; exit 1; }
want="0
5
8
7
9"
[ "$got" = "$want" ] || { echo "got: $got"; exit 1; }
