/* string.h and memory functions, including overlap, alignment and large blocks. */
#include <string.h>
#include <strings.h>
#include <stdint.h>
#include <wchar.h>
#include <locale.h>
#include "check.h"

int main(void)
{
	char a[64], b[64];
	CHECK(strlen("") == 0 && strlen("hello") == 5);
	strcpy(a, "hello"); strcat(a, ", world");
	CHECK_STR(a, "hello, world");
	CHECK(strcmp("abc", "abd") < 0 && strcmp("b", "a") > 0 && strncmp("abcX", "abcY", 3) == 0);
	CHECK(strcasecmp("HeLLo", "hello") == 0 && strncasecmp("ABx", "aby", 2) == 0);
	CHECK(strchr(a, 'w') == a + 7 && strrchr(a, 'o') == a + 8 && !strchr(a, 'z'));
	CHECK(strstr(a, "world") == a + 7 && !strstr(a, "worlds"));
	CHECK(strspn("aaabc", "a") == 3 && strcspn("abc;d", ";") == 3);
	CHECK(*strpbrk("hello", "lo") == 'l' && !strpbrk("abc", "xyz"));
	char t[] = "a,b,,c", *save, *tok;
	int ntok = 0;
	for (tok = strtok_r(t, ",", &save); tok; tok = strtok_r(0, ",", &save)) ntok++;
	CHECK(ntok == 3);
	CHECK(strnlen("abcdef", 3) == 3);
	char *d = strdup("dup"); CHECK_STR(d, "dup"); free(d);
	d = strndup("abcdef", 2); CHECK_STR(d, "ab"); free(d);

	/* overlapping moves, every alignment */
	for (int off = 0; off < 8; off++) {
		for (int i = 0; i < 64; i++) a[i] = i;
		memmove(a + off, a, 40);
		for (int i = 0; i < 40; i++) CHECK(a[off + i] == i);
		for (int i = 0; i < 64; i++) a[i] = i;
		memmove(a, a + off, 40);
		for (int i = 0; i < 40; i++) CHECK(a[i] == i + off);
	}
	memset(b, 0x5a, sizeof b);
	CHECK(b[0] == 0x5a && b[63] == 0x5a);
	CHECK(memcmp("abc", "abd", 3) < 0 && memcmp("abc", "abc", 3) == 0);
	CHECK(*(char *)memchr("abcdef", 'd', 6) == 'd' && !memchr("abc", 'd', 3));

	/* a large block: bulk-memory copies */
	size_t n = 4 << 20;
	unsigned char *x = malloc(n), *y = malloc(n);
	CHECK(x && y);
	for (size_t i = 0; i < n; i++) x[i] = (unsigned char)(i * 7);
	memcpy(y, x, n);
	CHECK(memcmp(x, y, n) == 0);
	y[n - 1] ^= 1;
	CHECK(memcmp(x, y, n) != 0);
	free(x); free(y);

	/* wide and multibyte, in the C.UTF-8 locale */
	CHECK(setlocale(LC_CTYPE, "C.UTF-8") != 0);
	wchar_t w[8];
	CHECK(mbstowcs(w, "h\xc3\xa9", 8) == 2 && w[1] == 0xe9);
	CHECK(wcslen(L"wide") == 4 && wcscmp(L"a", L"b") < 0);
	char mb[8];
	CHECK(wctomb(mb, 0x20ac) == 3 && (unsigned char)mb[0] == 0xe2);
	return check_done("string");
}
