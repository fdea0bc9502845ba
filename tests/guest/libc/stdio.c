#define _GNU_SOURCE
/* stdio on files, on stdin and buffering modes. The runner feeds stdin with 3 known lines. */
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "check.h"

int main(void)
{
	char path[] = "/tmp/wp-stdio-XXXXXX", line[256];
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	FILE *f = fd >= 0 ? fdopen(fd, "w+") : 0;
	if (!f) {
		CHECK(!"no temporary file");
		return check_done("stdio");
	}
	for (int i = 0; i < 1000; i++)
		fprintf(f, "line %d\n", i);
	CHECK(ftell(f) > 0);
	rewind(f);
	int n = 0;
	while (fgets(line, sizeof line, f)) {
		char want[32];
		snprintf(want, sizeof want, "line %d\n", n++);
		if (strcmp(line, want)) { CHECK_STR(line, want); break; }
	}
	CHECK(n == 1000 && feof(f) && !ferror(f));
	CHECK(fseek(f, 5, SEEK_SET) == 0 && fgetc(f) == '0' && ungetc('x', f) == 'x' && fgetc(f) == 'x');
	CHECK(fclose(f) == 0);

	f = fopen(path, "a");
	CHECK(f != 0);
	if (!f)
		return check_done("stdio");
	fputs("appended\n", f);
	fclose(f);
	f = fopen(path, "r");
	CHECK(fseek(f, -9, SEEK_END) == 0 && fgets(line, sizeof line, f) && !strcmp(line, "appended\n"));
	fclose(f);
	f = fopen(path, "r+");
	char big[100000];
	memset(big, 'z', sizeof big);
	CHECK(fwrite(big, 1, sizeof big, f) == sizeof big);
	CHECK(fflush(f) == 0 && fseek(f, 0, SEEK_END) == 0 && ftell(f) == sizeof big);
	fclose(f);
	CHECK(unlink(path) == 0);
	CHECK(fopen(path, "r") == 0 && errno == ENOENT);

	/* in-memory streams */
	char *mem = 0; size_t msize = 0;
	FILE *m = open_memstream(&mem, &msize);
	fprintf(m, "%s-%d", "mem", 42);
	fclose(m);
	CHECK(msize == 6 && !strcmp(mem, "mem-42"));
	free(mem);
	char fixed[8];
	m = fmemopen(fixed, sizeof fixed, "w");
	CHECK(fputs("abc", m) >= 0 && fflush(m) == 0 && !strcmp(fixed, "abc"));
	fclose(m);

	/* buffering: a full buffer holds output until fflush; a line buffer until the newline */
	static char obuf[BUFSIZ];
	CHECK(setvbuf(stdout, obuf, _IOFBF, sizeof obuf) == 0);
	printf("stdio: buffered ");
	CHECK(memmem(obuf, sizeof obuf, "stdio: buffered", 15) != 0); /* still in our buffer */
	fflush(stdout);
	printf("and flushed\n");
	fflush(stdout);

	/* stdin: three lines, the last without a newline */
	int lines = 0, c, last = '\n';
	char first[64];
	CHECK(fgets(first, sizeof first, stdin) && !strcmp(first, "alpha\n"));
	lines = 1;
	while ((c = getchar()) != EOF) {
		if (c == '\n')
			lines++;
		last = c;
	}
	lines += last != '\n';
	CHECK(lines == 3 && feof(stdin));
	fprintf(stderr, "stdio: stderr is unbuffered\n");
	return check_done("stdio");
}
