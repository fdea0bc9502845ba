# hostfs holds a host descriptor per live directory vnode and per open file: they must be
# closed when the vnode or file goes. Under a small descriptor limit the guest visits many
# more directories than that (stat, list, open a file, chdir in and out); a leak runs out.
set -u
mkdir -p "$OUT/in"
i=0
while [ $i -lt 1200 ]; do mkdir "$OUT/in/d$i"; echo "$i" > "$OUT/in/d$i/f"; i=$((i + 1)); done
cat > "$OUT/visit.c" <<'C'
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void)
{
	char p[64], buf[16];
	struct stat st;
	for (int i = 0; i < 1200; i++) {
		snprintf(p, sizeof p, "/m/d%d", i);
		DIR *d = opendir(p);
		if (stat(p, &st) || !d)
			return printf("%s: stat/opendir failed at %d\n", p, i), 1;
		while (readdir(d))
			;
		closedir(d);
		if (chdir(p))
			return printf("chdir %s failed\n", p), 1;
		int fd = open("f", O_RDONLY);
		long n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
		if (n <= 0 || atoi((buf[n] = 0, buf)) != i)
			return printf("%s/f: open/read failed\n", p), 1;
		close(fd);
		chdir("/");
	}
	return 0;
}
C
"$WASM_CC" -O2 -o "$OUT/visit.wasm" "$OUT/visit.c" || exit 1
(ulimit -n 200 && "$WASM_POSIX" run -v "$OUT/in:/m" "$OUT/visit.wasm")
