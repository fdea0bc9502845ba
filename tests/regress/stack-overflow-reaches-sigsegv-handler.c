// native-too
/* A stack overflow killed the program by SIGSEGV even with a SIGSEGV handler on an
 * alternate stack (SA_ONSTACK), which is how programs report one. The handler must run,
 * on the alternate stack; here it reports and exits. (On wasm the program's frames are gone
 * once the trap is seen, so a handler that returns ends the process by SIGSEGV.) */
#include <signal.h>
#include <stdint.h>
#include <unistd.h>
#include "check.h"

static char alt[65536] __attribute__((aligned(16)));

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	volatile char here = 0;
	uintptr_t p = (uintptr_t)&here;
	int on = p >= (uintptr_t)alt && p < (uintptr_t)alt + sizeof alt;
	static const char ok[] = "stack overflow caught on the alternate stack\n";
	static const char bad[] = "SIGSEGV handler not on the alternate stack\n";
	if (on && sig == SIGSEGV && si->si_signo == SIGSEGV)
		write(1, ok, sizeof ok - 1);
	else
		write(1, bad, sizeof bad - 1);
	_exit(on ? 0 : 1);
}

static volatile int sink;

__attribute__((noinline)) static int deep(int n)
{
	volatile char frame[512];
	frame[n & 511] = (char)n;
	return deep(n + 1) + frame[(n * 7) & 511];
}

int main(void)
{
	stack_t ss = { .ss_sp = alt, .ss_size = sizeof alt };
	CHECK(sigaltstack(&ss, NULL) == 0);
	struct sigaction sa = { 0 };
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	CHECK(sigaction(SIGSEGV, &sa, NULL) == 0);
	sink = deep(0);
	puts("the recursion ended");
	return 1;
}
