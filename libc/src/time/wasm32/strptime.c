/*
 * strptime with %z: musl 1.2.3's strptime (compiled here unchanged, under another name) does
 * the other conversions; this wrapper splits the format at each %z and parses the offset
 * itself, as glibc and POSIX.1-2024 do: "Z" (UTC), or +hh, +hhmm, +hh:mm (or -), stored in
 * tm_gmtoff. busybox date -d '... +0600' depends on it.
 * Limit: conversions on both sides of a %z are parsed by separate calls, so %C/%y or %I/%p
 * pairs split by a %z do not combine.
 */
#include <time.h>
#include <ctype.h>
#include <string.h>

#define strptime __wp_strptime_plain
#include "../strptime.c"
#undef strptime

static const char *parse_offset(const char *s, struct tm *tm)
{
	int sign, hh, mm = 0;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == 'Z') {
		tm->__tm_gmtoff = 0;
		return s + 1;
	}
	if (*s != '+' && *s != '-')
		return NULL;
	sign = *s++ == '-' ? -1 : 1;
	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
		return NULL;
	hh = (s[0] - '0') * 10 + (s[1] - '0');
	s += 2;
	if (*s == ':' && isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]))
		s++;
	if (isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1])) {
		mm = (s[0] - '0') * 10 + (s[1] - '0');
		s += 2;
	}
	if (mm > 59)
		return NULL;
	tm->__tm_gmtoff = sign * (hh * 3600L + mm * 60L);
	return s;
}

char *strptime(const char *restrict s, const char *restrict f, struct tm *restrict tm)
{
	char part[256];

	for (;;) {
		/* the format up to the next %z (a %% pair is not one) */
		size_t n = 0;
		while (f[n] && !(f[n] == '%' && f[n + 1] == 'z'))
			n += f[n] == '%' && f[n + 1] ? 2 : 1;
		if (!f[n])
			return __wp_strptime_plain(s, f, tm);
		if (n >= sizeof part)
			return NULL;
		memcpy(part, f, n);
		part[n] = 0;
		s = __wp_strptime_plain(s, part, tm);
		if (!s || !(s = parse_offset(s, tm)))
			return NULL;
		f += n + 2;
	}
}
