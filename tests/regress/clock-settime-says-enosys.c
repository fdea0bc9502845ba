// native-too
/*
 * clock_settime failed with ENOSYS whatever its arguments; Linux says EINVAL for a clock
 * that cannot be set or a bad timespec (and EPERM without privilege).
 */
#include <errno.h>
#include <stdio.h>
#include <time.h>

#include "check.h"

int main(void)
{
	struct timespec ts = { 1, 0 }, bad = { 1, 1000000000 };
	errno = 0;
	CHECK(clock_settime(CLOCK_MONOTONIC, &ts) == -1);
	printf("CLOCK_MONOTONIC: %s\n", errno == EINVAL ? "EINVAL" : "other");
	CHECK(errno == EINVAL);
	errno = 0;
	CHECK(clock_settime(CLOCK_REALTIME, &bad) == -1 && errno == EINVAL);
	return 0;
}
