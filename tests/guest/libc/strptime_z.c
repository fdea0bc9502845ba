/*
 * strptime %z (busybox date -d '1999-1-2 3:4:5 +0600' said "invalid date": musl 1.2.3 has no
 * %z). "Z", +hh, +hhmm, +hh:mm and negative offsets set tm_gmtoff; the other conversions
 * around the %z still parse; a malformed offset fails.
 */
#define _GNU_SOURCE
#include <string.h>
#include <time.h>
#include "check.h"

static const char *parse(const char *s, const char *f, struct tm *tm)
{
	memset(tm, 0, sizeof *tm);
	return strptime(s, f, tm);
}

int main(void)
{
	struct tm tm;
	const char *e;

	e = parse("1999-1-2 3:4:5Z", "%Y-%m-%d %T %z", &tm);
	CHECK(e && !*e);
	CHECK(tm.tm_year == 99 && tm.tm_mon == 0 && tm.tm_mday == 2);
	CHECK(tm.tm_hour == 3 && tm.tm_min == 4 && tm.tm_sec == 5 && tm.tm_gmtoff == 0);

	e = parse("1999-1-2 3:4:5 +0600", "%Y-%m-%d %T %z", &tm);
	CHECK(e && !*e && tm.tm_gmtoff == 6 * 3600 && tm.tm_sec == 5);

	e = parse("12:00 -0530 tail", "%H:%M %z tail", &tm);
	CHECK(e && !*e && tm.tm_gmtoff == -(5 * 3600 + 30 * 60) && tm.tm_hour == 12);

	e = parse("+01:30", "%z", &tm);
	CHECK(e && !*e && tm.tm_gmtoff == 5400);

	e = parse("-07", "%z", &tm);
	CHECK(e && !*e && tm.tm_gmtoff == -7 * 3600);

	e = parse("10%z", "%H%%z", &tm); /* %% then a literal z, no offset */
	CHECK(e && !*e && tm.tm_hour == 10);

	CHECK(parse("12:00 0600", "%H:%M %z", &tm) == NULL);
	CHECK(parse("12:00 +6", "%H:%M %z", &tm) == NULL);
	CHECK(parse("12:00 UTC", "%H:%M %z", &tm) == NULL);
	return check_done("strptime_z");
}
