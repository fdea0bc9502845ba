# 400 levels of mkdir+chdir in a hostfs mount, with getcwd at each level: every lookup used to
# walk again from the mount's root (seconds; with getcwd, past ~300 levels it seemed to hang).
# Correctness only here (tests never time); tests/kernel's
# going_deeper_in_a_host_directory_costs_the_same_at_every_level checks the cost.
set -u
mkdir -p "$OUT/in"
cat > "$OUT/deep.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void)
{
	char want[4096] = "/m", got[4096];
	for (int i = 0; i < 400; i++) {
		if (mkdir("d", 0755) || chdir("d"))
			return perror("mkdir/chdir"), 1;
		strcat(want, "/d");
		if (!getcwd(got, sizeof got) || strcmp(got, want))
			return printf("level %d: getcwd %s\n", i + 1, got), 1;
	}
	return chdir("/m") ? 1 : 0;
}
C
"$WASM_CC" -O2 -o "$OUT/deep.wasm" "$OUT/deep.c" || exit 1
"$WASM_POSIX" run -v "$OUT/in:/m" -w /m "$OUT/deep.wasm" || exit 1
[ -d "$OUT/in/$(printf 'd/%.0s' $(seq 400))" ] || { echo "host tree is not 400 deep"; exit 1; }
