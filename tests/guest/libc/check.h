/* Self-checking helpers for the libc guest tests: a failed CHECK prints where and exits 1. */
#include <stdio.h>
#include <stdlib.h>

static int check_failures;

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); \
	check_failures++; } } while (0)
#define CHECK_STR(a, b) do { const char *a_ = (a), *b_ = (b); if (strcmp(a_, b_)) { \
	fprintf(stderr, "FAIL %s:%d: \"%s\" != \"%s\"\n", __FILE__, __LINE__, a_, b_); \
	check_failures++; } } while (0)

static int check_done(const char *name)
{
	if (check_failures) {
		fprintf(stderr, "%s: %d checks failed\n", name, check_failures);
		return 1;
	}
	printf("%s: ok\n", name);
	return 0;
}
