# wasm-posix-cc replaced a forking program with Asyncify's output, which had no execute bit,
# so inside the guest running it said "Permission denied".
set -e
cat >"$OUT/forker.c" <<'C'
#include <sys/wait.h>
#include <unistd.h>
int main(void)
{
	pid_t p = fork();
	if (p == 0)
		_exit(7);
	int st;
	return waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 7 ? 0 : 1;
}
C
"$WASM_CC" -O2 -o "$OUT/forker" "$OUT/forker.c"
[ -x "$OUT/forker" ] || { echo "forker is not executable: $(ls -l "$OUT/forker")"; exit 1; }
"$WASM_POSIX" run -v "$OUT:/t" /bin/sh -c '/t/forker'
