// native-too
/* Handlers with SA_ONSTACK must run on the alternate stack, and one that interrupts another
 * running there must go on below it, not start again at the top over the first one's frame;
 * while on it, sigaltstack reports SS_ONSTACK and refuses to change it (EPERM). */
#include <signal.h>
#include <stdint.h>
#include "check.h"

static char alt[65536] __attribute__((aligned(16)));
static volatile uintptr_t outer_at, inner_at;
static volatile int outer_on, inner_on, flags_in, eperm_in;

static int on_alt(uintptr_t p)
{
	return p >= (uintptr_t)alt && p < (uintptr_t)alt + sizeof alt;
}

static void inner(int sig)
{
	volatile char here = (char)sig;
	inner_at = (uintptr_t)&here;
	inner_on = on_alt(inner_at);
}

static void outer(int sig)
{
	volatile char here = (char)sig;
	outer_at = (uintptr_t)&here;
	outer_on = on_alt(outer_at);
	stack_t now, ss = { .ss_sp = alt, .ss_size = sizeof alt };
	flags_in = sigaltstack(NULL, &now) == 0 ? now.ss_flags : -1;
	eperm_in = sigaltstack(&ss, NULL) == -1 && errno == EPERM;
	raise(SIGUSR2);
	(void)here;
}

int main(void)
{
	stack_t ss = { .ss_sp = alt, .ss_size = sizeof alt }, now;
	CHECK(sigaltstack(&ss, NULL) == 0);
	CHECK(sigaltstack(NULL, &now) == 0 && now.ss_flags == 0);
	struct sigaction sa = { 0 };
	sa.sa_flags = SA_ONSTACK;
	sa.sa_handler = inner;
	CHECK(sigaction(SIGUSR2, &sa, NULL) == 0);
	sa.sa_handler = outer;
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
	CHECK(raise(SIGUSR1) == 0);
	CHECK(outer_on && inner_on);
	CHECK(inner_at < outer_at);
	CHECK(flags_in == SS_ONSTACK);
	CHECK(eperm_in);
	CHECK(sigaltstack(NULL, &now) == 0 && now.ss_flags == 0);
	puts("alternate stack ok");
	return 0;
}
