/* The kernel keeps scheduling parameters per process (musl's generic version is a stub). */
#include <sched.h>
#include "syscall.h"

int sched_setparam(pid_t pid, const struct sched_param *param)
{
	return syscall(SYS_sched_setparam, pid, param);
}
