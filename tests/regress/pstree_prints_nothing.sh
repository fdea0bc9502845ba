# pstree printed nothing: it reads /proc/PID/task/TID/stat, and there was no task/.
got=$("$WASM_POSIX" run /bin/sh -c 'pstree; pstree -p') || { echo "exit $?: $got"; exit 1; }
printf '%s\n' "$got" | grep -qx 'init---sh---pstree' || { echo "got: $got"; exit 1; }
printf '%s\n' "$got" | grep -qx 'init(1)---sh([0-9]*)---pstree([0-9]*)' || { echo "got: $got"; exit 1; }
