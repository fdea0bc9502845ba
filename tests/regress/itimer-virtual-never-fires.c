// native-too
/*
 * ITIMER_VIRTUAL and ITIMER_PROF kept their values but never fired: the kernel did not count
 * them down on the process's CPU time. A process that computes gets SIGVTALRM and SIGPROF.
 */
#include <signal.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

#include "check.h"

static volatile sig_atomic_t vt, prof;
static void on_vt(int sig) { (void)sig; vt = 1; }
static void on_prof(int sig) { (void)sig; prof = 1; }

int main(void)
{
	struct itimerval v = { { 0, 0 }, { 0, 10000 } };
	struct timespec a, b;
	CHECK(signal(SIGVTALRM, on_vt) != SIG_ERR && signal(SIGPROF, on_prof) != SIG_ERR);
	CHECK(setitimer(ITIMER_VIRTUAL, &v, NULL) == 0 && setitimer(ITIMER_PROF, &v, NULL) == 0);
	clock_gettime(CLOCK_MONOTONIC, &a);
	do { /* at most 10 s of computing */
		for (volatile int i = 0; i < 100000; i++)
			;
		clock_gettime(CLOCK_MONOTONIC, &b);
	} while ((!vt || !prof) && b.tv_sec - a.tv_sec < 10);
	printf("SIGVTALRM %d SIGPROF %d\n", vt, prof);
	CHECK(vt && prof);
	return 0;
}
