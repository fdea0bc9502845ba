# hostfs confinement against a racing host: a host process swaps a directory of the mount for
# a symlink to a directory beside the mount (absolute, then relative), over and over, while
# the guest walks through it reading and writing. The guest must only ever see the inside
# directory (or not find it); the outside one must never be read or written. Both loops stop
# by themselves after a few seconds.
set -u
top="$OUT/top"
mkdir -p "$top/in/d" "$top/outdir"
echo TOPSECRET > "$top/outdir/f"
echo inside > "$top/in/d/f"
ln -s "$top/outdir" "$top/in/abs"
ln -s ../outdir "$top/in/rel"

cat > "$OUT/swap.c" <<'C'
#include <stdio.h>
#include <time.h>
#include <unistd.h>
/* swap DIR: rename in/d away and a symlink in its place, and back, until stop or 8 s */
int main(int argc, char **argv)
{
	time_t end = time(NULL) + 8;
	long n = 0;
	if (chdir(argv[1]))
		return 1;
	while (time(NULL) < end && access("stop", F_OK)) {
		const char *l = n++ & 1 ? "abs" : "rel";
		if (rename("d", "d.real") || rename(l, "d") || rename("d", l) || rename("d.real", "d"))
			return perror("swap"), 1;
	}
	printf("%ld swaps\n", n);
	return 0;
}
C
cat > "$OUT/walk.c" <<'C'
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
/* walks through /m/d for 3 s: reads f, writes w, chdirs in and reads f relatively */
int main(void)
{
	struct timespec now, end;
	long inside = 0, missing = 0, wrote = 0;
	char buf[64];
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += 3;
	do {
		int fd = open((inside + missing) & 1 ? "/m/d/f" : "/m/d/../d/f", O_RDONLY);
		if (fd >= 0) {
			long n = read(fd, buf, sizeof buf - 1);
			buf[n > 0 ? n : 0] = 0;
			close(fd);
			if (strcmp(buf, "inside\n"))
				return printf("read %s through the swapped directory\n", buf), 1;
			inside++;
		} else {
			missing++;
		}
		fd = open("/m/d/w", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			wrote += write(fd, "w", 1) == 1;
			close(fd);
		}
		if (!chdir("/m/d")) {
			fd = open("f", O_RDONLY);
			if (fd >= 0) {
				long n = read(fd, buf, sizeof buf - 1);
				buf[n > 0 ? n : 0] = 0;
				close(fd);
				if (strcmp(buf, "inside\n"))
					return printf("read %s after chdir\n", buf), 1;
			}
			chdir("/");
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (now.tv_sec < end.tv_sec || (now.tv_sec == end.tv_sec && now.tv_nsec < end.tv_nsec));
	printf("inside %ld, missing %ld, wrote %ld\n", inside, missing, wrote);
	return inside > 0 ? 0 : 1;
}
C
cc -O1 -o "$OUT/swap" "$OUT/swap.c" || exit 1
"$WASM_CC" -O2 -o "$OUT/walk.wasm" "$OUT/walk.c" || exit 1
"$OUT/swap" "$top/in" > "$OUT/swap.out" 2>&1 &
swapper=$!
"$WASM_POSIX" run -v "$top/in:/m" "$OUT/walk.wasm" > "$OUT/walk.out" 2>&1
rc=$?
touch "$top/in/stop"
wait $swapper || { echo "swapper failed: $(cat "$OUT/swap.out")"; rc=1; }
[ $rc -eq 0 ] || cat "$OUT/walk.out" "$OUT/swap.out"
[ "$(ls "$top/outdir")" = f ] || { echo "written outside: $(ls "$top/outdir")"; rc=1; }
[ "$(cat "$top/outdir/f")" = TOPSECRET ] || rc=1
exit $rc
