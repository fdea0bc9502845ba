/*
 * µs of lateness of a 1 ms periodic POSIX timer: each expiry is taken with sigwaitinfo
 * and compared with when it was due. The median of 500 expiries.
 */
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include "bench.h"

enum { N = 500 };

int main(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	sigprocmask(SIG_BLOCK, &set, NULL);
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGRTMIN };
	timer_t t;
	if (timer_create(CLOCK_MONOTONIC, &ev, &t))
		return 1;
	double late[N], start = now_us();
	struct itimerspec its = { { 0, 1000000 }, { 0, 1000000 } };
	if (timer_settime(t, 0, &its, NULL))
		return 1;
	for (int i = 0; i < N; i++) {
		siginfo_t si;
		if (sigwaitinfo(&set, &si) != SIGRTMIN)
			return 1;
		double due = start + 1000.0 * (i + 1 + si.si_overrun);
		late[i] = now_us() - due;
		start += 1000.0 * si.si_overrun;
	}
	printf("%.1f\n", median(late, N));
	return 0;
}
