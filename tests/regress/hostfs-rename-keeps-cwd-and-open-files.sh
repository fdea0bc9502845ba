# A guest rename in a hostfs mount used to strand what was open under the old name: getcwd
# in a renamed directory failed (ENOENT), and so did fstat of a file renamed or unlinked
# while open. Now the cwd follows its directory and open files keep their attributes.
set -u
mkdir -p "$OUT/in/a/b" "$OUT/in/c"
echo data > "$OUT/in/f"
cat > "$OUT/ren.c" <<'C'
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void)
{
	char cwd[256];
	struct stat st;
	int fd = open("/m/f", O_RDONLY);
	if (fd < 0 || chdir("/m/a/b") || rename("/m/a/b", "/m/c/b"))
		return perror("setup"), 1;
	if (!getcwd(cwd, sizeof cwd) || strcmp(cwd, "/m/c/b"))
		return perror("getcwd in the renamed directory"), 1;
	if (close(open("here", O_WRONLY | O_CREAT, 0644)))
		return perror("create in the renamed cwd"), 1;
	if (rename("/m/f", "/m/g") || fstat(fd, &st) || st.st_size != 5)
		return perror("fstat after rename"), 1;
	if (unlink("/m/g") || fstat(fd, &st) || st.st_size != 5)
		return perror("fstat after unlink"), 1;
	return 0;
}
C
"$WASM_CC" -O2 -o "$OUT/ren.wasm" "$OUT/ren.c" || exit 1
"$WASM_POSIX" run -v "$OUT/in:/m" "$OUT/ren.wasm" || exit 1
[ -f "$OUT/in/c/b/here" ] || { echo "write in the renamed cwd went elsewhere"; exit 1; }
