// native-too
/*
 * A program calling timer_create did not link: libc's timer_create.o calls setjmp (its
 * SIGEV_THREAD helper longjmps out of a callback that calls pthread_exit), and libc was
 * built without the setjmp lowering. Now that file is, and the timer works.
 */
#include <signal.h>
#include <stdio.h>
#include <time.h>

#include "check.h"

int main(void)
{
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGRTMIN };
	sigset_t s;
	siginfo_t si;
	timer_t t;
	sigemptyset(&s);
	sigaddset(&s, SIGRTMIN);
	CHECK(sigprocmask(SIG_BLOCK, &s, NULL) == 0);
	CHECK(timer_create(CLOCK_MONOTONIC, &ev, &t) == 0);
	struct itimerspec its = { .it_value = { 0, 1000000 } };
	CHECK(timer_settime(t, 0, &its, NULL) == 0);
	CHECK(sigwaitinfo(&s, &si) == SIGRTMIN && si.si_code == SI_TIMER);
	CHECK(timer_delete(t) == 0);
	puts("timer went off");
	return 0;
}
