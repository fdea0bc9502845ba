#include <setjmp.h>
#include <signal.h>
#include "syscall.h"

/* The mask saved by sigsetjmp is restored before the jump, not after it lands. */
_Noreturn void siglongjmp(sigjmp_buf buf, int ret)
{
	if (buf->__fl)
		__syscall(SYS_rt_sigprocmask, SIG_SETMASK, buf->__ss, 0, _NSIG/8);
	longjmp(buf, ret);
}
