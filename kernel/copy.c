/*
 * The crossings to guest memory (kernel.h) and the kernel's log. A thread's memory is its
 * process's; the host checks every range and answers -EFAULT instead of trapping.
 */
#include "kernel.h"
#include "host.h"
#include "proc.h"

int copyin(struct thread *td, uaddr_t src, void *dst, size_t len)
{
	return len ? host_copyin(td->p->pid, src, dst, len) : 0;
}

int copyout(struct thread *td, const void *src, uaddr_t dst, size_t len)
{
	return len ? host_copyout(td->p->pid, src, dst, len) : 0;
}

long copyinstr(struct thread *td, uaddr_t src, char *dst, size_t max)
{
	return host_copyinstr(td->p->pid, src, dst, max);
}

void kprintf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	host_log(buf, n < (int)sizeof buf ? (size_t)n : sizeof buf - 1);
}

_Noreturn void kpanic(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	host_log("kernel panic: ", 14);
	host_log(buf, n < (int)sizeof buf ? (size_t)n : sizeof buf - 1);
	__builtin_trap();
}
