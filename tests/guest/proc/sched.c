/*
 * Scheduling and memory-locking calls, as Linux answers them: nice (getpriority,
 * setpriority), policies and priorities (sched_*), the CPU count and affinity
 * (sched_getaffinity, sched_setaffinity, sysconf), and mlock/munlock/mlockall/munlockall. Runs as root, and natively as the reference.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../check.h"

static void nice_values(void)
{
	errno = 0;
	CHECK(getpriority(PRIO_PROCESS, 0) == 0 && errno == 0);
	CHECK(setpriority(PRIO_PROCESS, 0, 4) == 0);
	CHECK(getpriority(PRIO_PROCESS, getpid()) == 4);
	CHECK(nice(2) == 6);
	CHECK(setpriority(PRIO_PROCESS, 0, 99) == 0);
	CHECK(getpriority(PRIO_PROCESS, 0) == 19);
	CHECK(setpriority(PRIO_PROCESS, 0, -99) == 0); /* root may lower it */
	CHECK(getpriority(PRIO_PROCESS, 0) == -20);
	CHECK(getpriority(PRIO_PGRP, 0) == -20);
	CHECK(setpriority(PRIO_PROCESS, 0, 0) == 0);
	errno = 0;
	CHECK(getpriority(PRIO_PROCESS, 0) == 0 && errno == 0);
	CHECK(getpriority(3, 0) == -1 && errno == EINVAL);
	CHECK(setpriority(PRIO_PROCESS, 0x7ffffff0, 1) == -1 && errno == ESRCH);
	/* a child inherits its parent's nice */
	CHECK(setpriority(PRIO_PROCESS, 0, 3) == 0);
	pid_t c = fork();
	CHECK(c >= 0);
	if (c == 0)
		_exit(getpriority(PRIO_PROCESS, 0) == 3 ? 0 : 1);
	int st;
	CHECK(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(setpriority(PRIO_PROCESS, 0, 0) == 0);
	printf("nice: ok\n");
}

static void policies(void)
{
	struct sched_param sp = { .sched_priority = 7 };
	CHECK(sched_getscheduler(0) == SCHED_OTHER);
	CHECK(sched_getparam(0, &sp) == 0 && sp.sched_priority == 0);
	CHECK(sched_get_priority_min(SCHED_FIFO) == 1 && sched_get_priority_max(SCHED_FIFO) == 99);
	CHECK(sched_get_priority_min(SCHED_RR) == 1 && sched_get_priority_max(SCHED_RR) == 99);
	CHECK(sched_get_priority_min(SCHED_OTHER) == 0 && sched_get_priority_max(SCHED_OTHER) == 0);
	CHECK(sched_get_priority_max(12345) == -1 && errno == EINVAL);
	sp.sched_priority = 1;
	CHECK(sched_setscheduler(0, SCHED_OTHER, &sp) == -1 && errno == EINVAL);
	CHECK(sched_setscheduler(0, 12345, &sp) == -1 && errno == EINVAL);
	CHECK(sched_setscheduler(-1, SCHED_OTHER, &sp) == -1 && errno == EINVAL);
	sp.sched_priority = 0;
	CHECK(sched_setscheduler(0, SCHED_BATCH, &sp) == 0);
	CHECK(sched_getscheduler(0) == SCHED_BATCH);
	CHECK(sched_setparam(0, &sp) == 0);
	CHECK(sched_getscheduler(0) == SCHED_BATCH);
	CHECK(sched_setscheduler(0, SCHED_OTHER, &sp) == 0);
	CHECK(sched_getscheduler(0x7ffffff0) == -1 && errno == ESRCH);
	CHECK(sched_getparam(0x7ffffff0, &sp) == -1 && errno == ESRCH);
	struct timespec ts = { -1, -1 };
	CHECK(sched_rr_get_interval(0, &ts) == 0 && ts.tv_sec == 0 && ts.tv_nsec >= 0);
	CHECK(sched_rr_get_interval(-1, &ts) == -1 && errno == EINVAL);
	printf("policies: ok\n");
}

static void cpus(void)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CHECK(sched_getaffinity(0, sizeof set, &set) == 0);
	CHECK(CPU_COUNT(&set) >= 1);
	CHECK(sysconf(_SC_NPROCESSORS_ONLN) == CPU_COUNT(&set));
	CHECK(sched_getaffinity(0x7ffffff0, sizeof set, &set) == -1 && errno == ESRCH);
	int n = CPU_COUNT(&set);
	printf("cpus: %d\n", n);
	/* narrowed to CPU 0, for this process and a child it makes; then widened again */
	cpu_set_t one;
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	CHECK(sched_setaffinity(0, sizeof one, &one) == 0);
	CHECK(sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) == 1 && CPU_ISSET(0, &set));
	pid_t c = fork();
	CHECK(c >= 0);
	if (c == 0)
		_exit(sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) == 1 ? 0 : 1);
	int st;
	CHECK(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	cpu_set_t none;
	CPU_ZERO(&none);
	CHECK(sched_setaffinity(0, sizeof none, &none) == -1 && errno == EINVAL);
	CPU_ZERO(&set);
	for (int cpu = 0; cpu < n; cpu++)
		CPU_SET(cpu, &set);
	CHECK(sched_setaffinity(0, sizeof set, &set) == 0);
	CHECK(sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) == n);
}

static void locking(void)
{
	static char buf[3 * 4096];
	CHECK(mlock(buf, sizeof buf) == 0);
	CHECK(munlock(buf, sizeof buf) == 0);
	CHECK(mlock(buf + 1, 10) == 0);
	CHECK(munlock(buf + 1, 10) == 0);
	CHECK(mlockall(0) == -1 && errno == EINVAL);
	CHECK(mlockall(0x100) == -1 && errno == EINVAL);
	CHECK(mlockall(MCL_FUTURE) == 0);
	CHECK(munlockall() == 0);
	printf("locking: ok\n");
}

int main(void)
{
	RUN(nice_values);
	RUN(policies);
	RUN(cpus);
	RUN(locking);
	return 0;
}
