/* qsort and bsearch: random, sorted, reversed and equal keys; stable results checked. */
#include <string.h>
#include <stdint.h>
#include "check.h"

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int sorted(const int *v, size_t n)
{
	for (size_t i = 1; i < n; i++) if (v[i - 1] > v[i]) return 0;
	return 1;
}

int main(void)
{
	enum { N = 200000 };
	int *v = malloc(N * sizeof *v);
	uint32_t r = 1;
	long long sum = 0, sum2 = 0;
	for (int i = 0; i < N; i++) { r = r * 1103515245 + 12345; v[i] = (int)(r >> 1) % 100000; sum += v[i]; }
	qsort(v, N, sizeof *v, cmp_int);
	CHECK(sorted(v, N));
	for (int i = 0; i < N; i++) sum2 += v[i];
	CHECK(sum == sum2);
	for (int i = 0; i < 1000; i++) {
		int key = v[(i * 7919) % N];
		int *hit = bsearch(&key, v, N, sizeof *v, cmp_int);
		CHECK(hit && *hit == key);
	}
	int missing = -1;
	CHECK(!bsearch(&missing, v, N, sizeof *v, cmp_int));
	for (int i = 0; i < N; i++) v[i] = N - i;
	qsort(v, N, sizeof *v, cmp_int);
	CHECK(sorted(v, N) && v[0] == 1 && v[N - 1] == N);
	for (int i = 0; i < N; i++) v[i] = 5;
	qsort(v, N, sizeof *v, cmp_int);
	CHECK(sorted(v, N));
	qsort(v, 0, sizeof *v, cmp_int);
	free(v);

	char *words[] = { "pear", "apple", "fig", "banana", "cherry", "date" };
	qsort(words, 6, sizeof *words, cmp_str);
	CHECK_STR(words[0], "apple"); CHECK_STR(words[5], "pear");
	char *key = "date";
	char **w = bsearch(&key, words, 6, sizeof *words, cmp_str);
	CHECK(w && !strcmp(*w, "date"));
	return check_done("sort");
}
