# ps showed every process as "SW": /proc/PID/stat said S for all and vsize 0 (which busybox
# marks W). ps itself is running (R), its shell waits (S), and nothing has memory 0 but init.
got=$("$WASM_POSIX" run /bin/sh -c 'ps -o pid,stat,vsz,args') || { echo "exit $?: $got"; exit 1; }
printf '%s\n' "$got" | grep -q '^ *[0-9]* R  *[1-9][0-9]* ps -o' || { echo "ps not R: $got"; exit 1; }
printf '%s\n' "$got" | grep -q '^ *[0-9]* S  *[1-9][0-9]* /bin/sh -c' || { echo "sh not S: $got"; exit 1; }
if printf '%s\n' "$got" | grep -v '\[init\]' | grep -q ' SW '; then echo "SW: $got"; exit 1; fi
