// native-too
/*
 * times() never counted the CPU time of waited-for children: tms_cutime stayed 0. A child that
 * uses at least 10 ticks of CPU adds them once it is waited for, and not before.
 */
#define _DEFAULT_SOURCE
#include <sys/resource.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static clock_t cpu_of(const struct tms *t)
{
	return t->tms_utime + t->tms_stime;
}

int main(void)
{
	struct tms t;
	int p[2];
	CHECK(pipe(p) == 0);
	pid_t c = fork();
	CHECK(c >= 0);
	if (c == 0) {
		do
			CHECK(times(&t) != (clock_t)-1);
		while (cpu_of(&t) < 10);
		_exit(0);
	}
	CHECK(times(&t) != (clock_t)-1);
	CHECK(t.tms_cutime == 0 && t.tms_cstime == 0);
	siginfo_t si;
	CHECK(waitid(P_PID, c, &si, WEXITED | WNOWAIT) == 0); /* exited, not yet waited for */
	CHECK(times(&t) != (clock_t)-1);
	CHECK(t.tms_cutime + t.tms_cstime == 0);
	struct rusage ru;
	CHECK(wait4(c, NULL, 0, &ru) == c); /* wait4 reports the child's time too */
	CHECK(ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec +
	      ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec >= 100000);
	CHECK(times(&t) != (clock_t)-1);
	CHECK(t.tms_cutime + t.tms_cstime >= 10);
	CHECK(getrusage(RUSAGE_CHILDREN, &ru) == 0);
	CHECK(ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec +
	      ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec >= 100000);
	printf("ok\n");
	return 0;
}
