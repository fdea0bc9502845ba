/* gmtime/strftime/timegm/mktime past 2038: time_t is 64-bit. */
#include <time.h>
#include <string.h>
#include <stdint.h>
#include "check.h"

time_t timegm(struct tm *);

int main(void)
{
	char buf[128];
	CHECK(sizeof(time_t) == 8);
	time_t t = 2147483647;
	struct tm tm;
	CHECK(gmtime_r(&t, &tm) != 0);
	strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a %j", &tm);
	CHECK_STR(buf, "2038-01-19 03:14:07 Tue 019");
	t += 1;
	gmtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	CHECK_STR(buf, "2038-01-19T03:14:08Z");
	t = 4102444800; /* 2100-01-01, not a leap year */
	gmtime_r(&t, &tm);
	CHECK(tm.tm_year == 200 && tm.tm_mon == 0 && tm.tm_mday == 1 && tm.tm_wday == 5);
	t = 253402300799; /* 9999-12-31 23:59:59 */
	gmtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%F %T %A %B %U %V %G", &tm);
	CHECK_STR(buf, "9999-12-31 23:59:59 Friday December 52 52 9999");
	struct tm in = { .tm_year = 2200 - 1900, .tm_mon = 1, .tm_mday = 29, .tm_hour = 12 };
	t = timegm(&in);
	CHECK(t == -1 || in.tm_mday == 1); /* 2200 is not a leap year: Feb 29 normalises to Mar 1 */
	CHECK(in.tm_mon == 2 && in.tm_mday == 1);
	struct tm y2040 = { .tm_year = 140, .tm_mon = 6, .tm_mday = 4, .tm_hour = 10 };
	CHECK(timegm(&y2040) == 2225008800);
	t = -1; /* before 1970 */
	gmtime_r(&t, &tm);
	CHECK(tm.tm_year == 69 && tm.tm_mon == 11 && tm.tm_mday == 31 && tm.tm_sec == 59);
	setenv("TZ", "UTC0", 1);
	tzset();
	struct tm l = { .tm_year = 150, .tm_mon = 0, .tm_mday = 1, .tm_isdst = -1 };
	CHECK(mktime(&l) == 2524608000);
	CHECK(strptime("2045-03-04 05:06:07", "%Y-%m-%d %H:%M:%S", &tm) != 0);
	CHECK(timegm(&tm) == 2372216767);
	struct timespec now;
	CHECK(clock_gettime(CLOCK_REALTIME, &now) == 0 && now.tv_sec > 1700000000);
	CHECK(clock_gettime(CLOCK_MONOTONIC, &now) == 0);
	return check_done("time");
}
