# Ended processes gave back none of their memory: 10,000 fork + _exit + wait cycles took the
# host from 0.9 GB to 11.7 GB resident. Each soak here (10,000 forks, 10,000 spawns, 1,000
# execs) must end within SOAK_SLACK_MB of the resident size it had after its first 100 cycles.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
slack=${SOAK_SLACK_MB:-150}
"$WASM_CC" -O2 -o "$OUT/soak.wasm" "$top/tests/regress/progs/soak.c"

rss_mb() { awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$1/status"; }

# await PID LOG WORD: until LOG has a line WORD (the soak is alive all the while)
await() {
	until grep -qx "$3" "$2"; do
		kill -0 "$1" 2>/dev/null || { echo "soak died:"; cat "$2"; exit 1; }
		sleep 0.2
	done
}

soak() {
	mode=$1 n=$2 log="$OUT/$1.log"
	rm -f "$OUT/in" && mkfifo "$OUT/in"
	"$WASM_POSIX" run "$OUT/soak.wasm" "$mode" "$n" <"$OUT/in" >"$log" 2>&1 &
	pid=$!
	exec 3>"$OUT/in"
	await "$pid" "$log" warm
	sleep 1
	before=$(rss_mb "$pid")
	await "$pid" "$log" done
	sleep 1
	after=$(rss_mb "$pid")
	exec 3>&-
	wait "$pid" || { echo "$mode soak failed:"; cat "$log"; exit 1; }
	echo "$mode x$n: resident $before MB after 100 cycles, $after MB at the end"
	grep ms/cycle "$log" | sed -n '1p;$p' | sed 's/^/  /'
	if [ "$after" -gt $((before + slack)) ]; then
		echo "$mode: resident memory grew by $((after - before)) MB (more than $slack)"
		exit 1
	fi
}

[ -n "${SOAK_ONLY:-}" ] && { soak $SOAK_ONLY; exit 0; }
soak fork 10000
soak spawn 10000
soak exec 1000
