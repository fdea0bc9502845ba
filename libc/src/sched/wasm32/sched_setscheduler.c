/* The kernel keeps scheduling policies per process (musl's generic version is a stub). */
#include <sched.h>
#include "syscall.h"

int sched_setscheduler(pid_t pid, int policy, const struct sched_param *param)
{
	return syscall(SYS_sched_setscheduler, pid, policy, param);
}
