/* A test program for the host tests: prints its argv, one env var and its cwd, copies
 * stdin to stdout when asked, and exits with the status it is told. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		printf("argv[%d]=%s\n", i, argv[i]);
	const char *v = getenv("WP_TEST");
	printf("WP_TEST=%s\n", v ? v : "(unset)");
	char cwd[256];
	printf("cwd=%s\n", getcwd(cwd, sizeof cwd) ? cwd : "?");
	if (argc > 1 && !strcmp(argv[1], "cat")) {
		char buf[4096];
		ssize_t n;
		fflush(stdout);
		while ((n = read(0, buf, sizeof buf)) > 0)
			if (write(1, buf, n) != n)
				return 100;
	}
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "stderr"))
			fprintf(stderr, "to stderr\n");
	const char *code = getenv("WP_EXIT");
	return code ? atoi(code) : 0;
}
