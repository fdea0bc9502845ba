# Names that are not valid UTF-8 cross hostfs as bytes: two guest names that differ only in a
# non-UTF-8 byte stay two host files (they used to both become U+FFFD, one file), and a host
# file with such a name is listed and opened by its exact bytes.
set -u
mkdir -p "$OUT/in"
printf 'from host' > "$OUT/in/$(printf 'h\377')"
cat > "$OUT/names.c" <<'C'
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
static int put(const char *name, const char *s)
{
	int fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0644);
	return fd < 0 ? -1 : (write(fd, s, strlen(s)), close(fd));
}
static const char *get(const char *name)
{
	static char buf[32];
	int fd = open(name, O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = 0;
	return buf;
}
int main(void)
{
	int seen = 0;
	struct dirent *e;
	DIR *d;
	if (chdir("/m") || put("a\377", "one") || put("a\376", "two") || put("a\xc3\xa9", "three"))
		return perror("create"), 1;
	if (strcmp(get("a\377"), "one") || strcmp(get("a\376"), "two") || strcmp(get("h\377"), "from host"))
		return printf("contents mixed up\n"), 1;
	d = opendir(".");
	while ((e = readdir(d)))
		seen |= !strcmp(e->d_name, "a\377") | !strcmp(e->d_name, "a\376") << 1 |
			!strcmp(e->d_name, "h\377") << 2 | !strcmp(e->d_name, "a\xc3\xa9") << 3;
	closedir(d);
	if (seen != 15)
		return printf("readdir saw %#x of 0xf\n", seen), 1;
	return 0;
}
C
"$WASM_CC" -O2 -o "$OUT/names.wasm" "$OUT/names.c" || exit 1
"$WASM_POSIX" run -v "$OUT/in:/m" "$OUT/names.wasm" || exit 1
[ "$(cat "$OUT/in/$(printf 'a\377')")" = one ] && [ "$(cat "$OUT/in/$(printf 'a\376')")" = two ] &&
	[ "$(cat "$OUT/in/$(printf 'a\303\251')")" = three ] || { echo "host names differ:"; ls "$OUT/in" | od -c; exit 1; }
[ "$(ls "$OUT/in" | wc -l)" -eq 4 ] || { echo "host has:"; ls "$OUT/in" | od -c; exit 1; }
