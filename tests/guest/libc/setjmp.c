/* setjmp/longjmp from deep recursion, nested setjmps, sigsetjmp masks, locals kept. */
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include "check.h"

static jmp_buf outer, inner;
static int depth_reached;

static int recurse(int n, jmp_buf where)
{
	char pad[64];
	memset(pad, n, sizeof pad);
	if (n == 0) {
		depth_reached = 1;
		longjmp(where, 7);
	}
	return recurse(n - 1, where) + pad[n % 64];
}

static int nested(void)
{
	volatile int r = setjmp(inner);
	if (r == 0)
		recurse(1000, inner);
	return r;
}

int main(void)
{
	volatile int count = 0;
	int r = setjmp(outer);
	count++;
	if (r == 0)
		recurse(10000, outer); /* 10000 frames deep */
	CHECK(r == 7 && depth_reached && count == 2);

	CHECK(nested() == 7); /* a setjmp in a callee, then the caller's still works */
	r = setjmp(outer);
	if (r == 0)
		longjmp(outer, 0); /* 0 becomes 1 */
	CHECK(r == 1);

	/* sigsetjmp(..., 1) restores the mask it saw; sigsetjmp(..., 0) leaves it */
	sigjmp_buf sj;
	sigset_t set, now;
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, 0);
	if (!sigsetjmp(sj, 1)) {
		sigaddset(&set, SIGUSR1);
		sigprocmask(SIG_BLOCK, &set, 0);
		siglongjmp(sj, 1);
	}
	sigprocmask(SIG_SETMASK, 0, &now);
	CHECK(!sigismember(&now, SIGUSR1));
	if (!sigsetjmp(sj, 0)) {
		sigprocmask(SIG_BLOCK, &set, 0);
		siglongjmp(sj, 1);
	}
	sigprocmask(SIG_SETMASK, 0, &now);
	CHECK(sigismember(&now, SIGUSR1));

	/* a loop of jumps: the catch path must not leak stack */
	volatile int i = 0;
	jmp_buf loop;
	if (setjmp(loop) < 100000) {
		if (i < 100000) {
			i++;
			longjmp(loop, i);
		}
	}
	CHECK(i == 100000);
	return check_done("setjmp");
}
