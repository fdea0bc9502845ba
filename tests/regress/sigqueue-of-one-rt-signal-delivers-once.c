// native-too
/*
 * sigqueue five times with the same realtime signal, blocked, delivered it once when it was
 * unblocked: the kernel kept one pending bit per signal and one info, the last. Realtime
 * signals queue, each with its value, in order.
 */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "check.h"

static int values[8];
static volatile int n;

static void on_rt(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	if (n < 8)
		values[n] = si->si_value.sival_int;
	n++;
}

int main(void)
{
	struct sigaction sa = { .sa_sigaction = on_rt, .sa_flags = SA_SIGINFO };
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGRTMIN);
	CHECK(sigaction(SIGRTMIN, &sa, NULL) == 0);
	CHECK(sigprocmask(SIG_BLOCK, &s, NULL) == 0);
	for (int i = 0; i < 5; i++)
		CHECK(sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = i }) == 0);
	CHECK(sigprocmask(SIG_UNBLOCK, &s, NULL) == 0);
	printf("delivered %d:", n);
	for (int i = 0; i < n && i < 8; i++)
		printf(" %d", values[i]);
	printf("\n");
	CHECK(n == 5);
	return 0;
}
