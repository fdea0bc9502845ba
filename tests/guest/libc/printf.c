/* printf/scanf/strtod formats, including long double (binary128 here) and %a. */
#include <string.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <inttypes.h>
#include "check.h"

static char buf[512];
#define FMT(expect, ...) do { snprintf(buf, sizeof buf, __VA_ARGS__); CHECK_STR(buf, expect); } while (0)

int main(void)
{
	FMT("42 -7 ff 0X2A 052", "%d %i %x %#X %#o", 42, -7, 255, 42, 42);
	FMT("[   hi] [hi   ] [00012] [+3]", "[%5s] [%-5s] [%05d] [%+d]", "hi", "hi", 12, 3);
	FMT("18446744073709551615 -9223372036854775808", "%llu %lld", UINT64_MAX, (long long)INT64_MIN);
	FMT("4294967295 2147483647", "%zu %" PRIdPTR, (size_t)UINT32_MAX, (intptr_t)INT32_MAX);
	FMT("3.141593 3.14159 3.1416e+00 0.000100", "%f %g %.4e %f", M_PI, M_PI, M_PI, 1e-4);
	FMT("inf -inf nan", "%g %g %g", INFINITY, -INFINITY, NAN);
	FMT("0x1p+0 0x1.8p+1 -0x1.999999999999ap-4", "%a %a %a", 1.0, 3.0, -0.1);
	FMT("1e+300 2.22507e-308", "%g %g", 1e300, DBL_MIN);
	FMT("%c", "%%%c", 'c');
	FMT("abc", "%.3s", "abcdef");

	/*
	 * On wasm32 long double is binary128: 113-bit mantissa, so %La of 0.1L shows 28 hex
	 * digits. The native reference (x86-64's 80-bit long double) skips these.
	 */
#if LDBL_MANT_DIG == 113
	CHECK(sizeof(long double) == 16);
	FMT("0x1.999999999999999999999999999ap-4", "%La", 0.1L);
	FMT("3.14159265358979323846264338327950", "%.32Lf", 3.14159265358979323846264338327950288L);
	FMT("1.18973149535723176508575932662800702e+4932", "%.35Le", LDBL_MAX);
	long double third = 1.0L / 3.0L;
	FMT("0.333333333333333333333333333333333", "%.33Lf", third);
	CHECK(third * 3.0L == 1.0L);
	CHECK((long double)(1.0L + LDBL_EPSILON) != 1.0L);
	CHECK(sqrtl(2.0L) * sqrtl(2.0L) - 2.0L < 1e-32L);
	CHECK(strtold("1.18973149535723176508575932662800702e4932", 0) == LDBL_MAX);
#endif

	/* strtod family */
	char *end;
	CHECK(strtod("1e-320", &end) > 0 && *end == 0); /* a subnormal */
	CHECK(strtod("0x1.8p1", 0) == 3.0);
	CHECK(strtod("  -12.5e2xyz", &end) == -1250.0 && strcmp(end, "xyz") == 0);
	CHECK(isinf(strtod("1e999", 0)));
	CHECK(strtof("3.4028235e38", 0) == FLT_MAX);
	CHECK(strtold("0.1", 0) == 0.1L);
	CHECK(strtod("0.1", 0) == 0.1);
	CHECK(strtoull("18446744073709551615", 0, 10) == UINT64_MAX);
	CHECK(strtol("-0x7f", 0, 16) == -127 && strtol("0777", 0, 0) == 511);

	/* scanf */
	int i, n; unsigned u; char s[16], c; double d; long double ld; float f;
	CHECK(sscanf("12 0x1f abc z 2.5 7.25 -1e3", "%d %x %15s %c %lf %Lf %f", &i, &u, s, &c, &d, &ld, &f) == 7);
	CHECK(i == 12 && u == 31 && !strcmp(s, "abc") && c == 'z' && d == 2.5 && ld == 7.25L && f == -1000.0f);
	CHECK(sscanf("key=value;", "%15[^=]=%n", s, &n) == 1 && n == 4 && !strcmp(s, "key"));
	CHECK(sscanf("x", "%d", &i) == 0);
	CHECK(sscanf("", "%d", &i) == EOF);
	return check_done("printf");
}
