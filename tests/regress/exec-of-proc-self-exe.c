// native-too
/*
 * execve("/proc/self/exe") failed with ENOENT: the program's path was made from the link's
 * directory, /proc/PID, which has no path of its own. /proc/self/exe names a regular file,
 * and executing it runs the program again, as on Linux.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

int main(int argc, char **argv)
{
	if (argc > 1) {
		printf("re-executed through /proc/self/exe\n");
		return 0;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	CHECK(n > 0);
	exe[n] = 0;
	struct stat st;
	CHECK(lstat(exe, &st) == 0 && S_ISREG(st.st_mode));

	fflush(stdout);
	execl("/proc/self/exe", argv[0], "again", (char *)NULL);
	perror("execl /proc/self/exe");
	return 1;
}
