/* Threads and the process: fork from a thread (one thread in the child, atfork handlers in
 * order), exit and exit_group while other threads block, pthread_exit from main, a thread
 * that traps, exec from a thread, and /proc/self/task. */
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../check.h"

static char order[16];
static int order_len;
static void add(char c) { order[order_len++] = c; order[order_len] = 0; }
static void prepare1(void) { add('a'); }
static void prepare2(void) { add('b'); }
static void parent1(void) { add('c'); }
static void parent2(void) { add('d'); }
static void child1(void) { add('e'); }
static void child2(void) { add('f'); }

static int count_tasks(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;
	CHECK(d);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static int wait_status(pid_t pid)
{
	int st;
	CHECK(waitpid(pid, &st, 0) == pid);
	return st;
}

static int pipefd[2];
static void *block_forever(void *arg)
{
	char c;
	read(pipefd[0], &c, 1);
	return 0;
}

static void *fork_here(void *arg)
{
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		/* the child: only this thread, atfork child handlers in registration order */
		int ok = strcmp(order, "baef") == 0 ? 0 : 1;
		ok |= count_tasks() == 1 ? 0 : 2;
		ok |= getpid() == gettid() ? 0 : 4;
		/* the other threads' memory came along, and locks work again */
		pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
		ok |= pthread_mutex_lock(&m) == 0 ? 0 : 8;
		_exit(ok);
	}
	return (void *)(intptr_t)pid;
}

static void test_fork_from_a_thread(void)
{
	pthread_t t, blocker;
	void *ret;
	CHECK(pipe(pipefd) == 0);
	CHECK(pthread_create(&blocker, 0, block_forever, 0) == 0);
	CHECK(pthread_atfork(prepare1, parent1, child1) == 0);
	CHECK(pthread_atfork(prepare2, parent2, child2) == 0);
	CHECK(pthread_create(&t, 0, fork_here, 0) == 0);
	CHECK(pthread_join(t, &ret) == 0);
	int st = wait_status((pid_t)(intptr_t)ret);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* prepare in reverse order of registration, parent and child in order */
	CHECK(strncmp(order, "bacd", 4) == 0);
	CHECK(count_tasks() == 2);
	CHECK(write(pipefd[1], "x", 1) == 1);
	CHECK(pthread_join(blocker, 0) == 0);
	CHECK(count_tasks() == 1);
}

static void *exit_from_thread(void *arg)
{
	usleep(20000);
	exit(42);
}

static void test_exit_while_threads_block(void)
{
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		pthread_t t[4];
		CHECK(pipe(pipefd) == 0);
		for (int i = 0; i < 3; i++)
			CHECK(pthread_create(&t[i], 0, block_forever, 0) == 0);
		CHECK(pthread_create(&t[3], 0, exit_from_thread, 0) == 0);
		char c;
		read(pipefd[0], &c, 1); /* main blocks too */
		_exit(1);
	}
	int st = wait_status(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42);
}

static void *last_thread(void *arg)
{
	usleep(50000);
	CHECK(write(pipefd[1], "late", 4) == 4);
	return 0;
}

static void test_pthread_exit_from_main(void)
{
	CHECK(pipe(pipefd) == 0);
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		pthread_t t;
		close(pipefd[0]);
		CHECK(pthread_create(&t, 0, last_thread, 0) == 0);
		pthread_exit(0); /* the process lives on until its last thread ends, status 0 */
	}
	close(pipefd[1]);
	char buf[8];
	CHECK(read(pipefd[0], buf, sizeof buf) == 4 && memcmp(buf, "late", 4) == 0);
	int st = wait_status(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	close(pipefd[0]);
}

static void *trap(void *arg)
{
	usleep(10000);
	__builtin_trap();
}

static void test_a_thread_that_traps_kills_its_process(void)
{
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		pthread_t t;
		CHECK(pipe(pipefd) == 0);
		CHECK(pthread_create(&t, 0, trap, 0) == 0);
		char c;
		read(pipefd[0], &c, 1);
		_exit(1);
	}
	int st = wait_status(pid);
	CHECK(WIFSIGNALED(st));
	CHECK(WTERMSIG(st) == SIGILL || WTERMSIG(st) == SIGSEGV);
}

static void *exec_from_thread(void *arg)
{
	execl("/proc/self/exe", "process", "exec-child", (char *)0);
	_exit(3);
}

static void test_exec_from_a_thread(void)
{
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		pthread_t t[3];
		CHECK(pipe(pipefd) == 0);
		for (int i = 0; i < 2; i++)
			CHECK(pthread_create(&t[i], 0, block_forever, 0) == 0);
		CHECK(pthread_create(&t[2], 0, exec_from_thread, 0) == 0);
		char c;
		read(pipefd[0], &c, 1);
		_exit(1);
	}
	int st = wait_status(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		/* the program exec'd from a thread: one thread, the pid kept */
		return count_tasks() == 1 && getpid() == gettid() ? 0 : 5;
	}
	RUN(test_fork_from_a_thread);
	RUN(test_exit_while_threads_block);
	RUN(test_pthread_exit_from_main);
	RUN(test_a_thread_that_traps_kills_its_process);
	RUN(test_exec_from_a_thread);
	puts("process: ok");
	return 0;
}
