# `kill -9 1` from the guest's root hung the whole system (Node spinning, nothing ran again).
# Linux drops every signal init has no handler for, SIGKILL included: the shell goes on, new
# processes start, and the CLI ends when its program ends.
set -eu
out=$(timeout -s KILL 30 "$WASM_POSIX" run /bin/sh -c '
	for s in KILL TERM STOP INT HUP; do kill -$s 1 || echo "kill -$s 1 failed"; done
	/bin/true && echo "processes still start"
	exit 3') && rc=0 || rc=$?
[ "$rc" -eq 3 ] || { echo "exit $rc, want 3: $out"; exit 1; }
[ "$out" = "processes still start" ] || { echo "unexpected output: $out"; exit 1; }
echo "init survived SIGKILL, SIGTERM, SIGSTOP, SIGINT and SIGHUP"
