#include <setjmp.h>
#include <signal.h>
#include "syscall.h"

/*
 * The first half of sigsetjmp (a macro in setjmp.h): remember whether and which mask to
 * restore. setjmp itself runs in the caller, as the sjlj lowering needs.
 */
void __wp_sigsetjmp_save(sigjmp_buf buf, int save)
{
	buf->__fl = save != 0;
	if (save)
		__syscall(SYS_rt_sigprocmask, SIG_SETMASK, 0, buf->__ss, _NSIG/8);
}
