/* /dev/shm: shm_open objects (size, data seen by a later process, unlink, errors), and
 * named semaphores between the threads of a process. (Shared mappings between processes
 * running at once are not coherent yet: see docs/architecture.md.) */
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../check.h"

#define OBJ "/wp-test-shm"
#define SEM "/wp-test-sem"

static void test_shm_object_outlives_its_mapping_and_its_process(void)
{
	shm_unlink(OBJ);
	int fd = shm_open(OBJ, O_RDWR | O_CREAT | O_EXCL, 0600);
	CHECK(fd >= 0);
	CHECK(ftruncate(fd, 8192) == 0);
	struct stat st;
	CHECK(fstat(fd, &st) == 0 && st.st_size == 8192 && S_ISREG(st.st_mode));
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	strcpy(p + 4096, "from the parent");
	CHECK(munmap(p, 8192) == 0);
	CHECK(close(fd) == 0);
	pid_t c = fork();
	CHECK(c >= 0);
	if (c == 0) {
		int f = shm_open(OBJ, O_RDONLY, 0);
		char *q = f < 0 ? MAP_FAILED : mmap(NULL, 8192, PROT_READ, MAP_SHARED, f, 0);
		_exit(q != MAP_FAILED && !strcmp(q + 4096, "from the parent") ? 0 : 1);
	}
	int status;
	CHECK(waitpid(c, &status, 0) == c && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	errno = 0;
	CHECK(shm_open(OBJ, O_RDWR | O_CREAT | O_EXCL, 0600) == -1 && errno == EEXIST);
	CHECK(shm_unlink(OBJ) == 0);
	errno = 0;
	CHECK(shm_open(OBJ, O_RDONLY, 0) == -1 && errno == ENOENT);
	errno = 0;
	CHECK(shm_unlink(OBJ) == -1 && errno == ENOENT);
}

static sem_t *named;
static volatile int order[4], n;

static void *poster(void *arg)
{
	(void)arg;
	for (int i = 0; i < 2; i++) {
		order[n++] = 1;
		CHECK(sem_post(named) == 0);
		usleep(5000);
	}
	return NULL;
}

static void test_named_semaphore_between_threads(void)
{
	sem_unlink(SEM);
	named = sem_open(SEM, O_CREAT | O_EXCL, 0600, 0);
	CHECK(named != SEM_FAILED);
	sem_t *again = sem_open(SEM, 0);
	CHECK(again == named); /* one mapping per name in a process */
	CHECK(sem_close(again) == 0);
	errno = 0;
	CHECK(sem_trywait(named) == -1 && errno == EAGAIN);
	pthread_t t;
	CHECK(pthread_create(&t, NULL, poster, NULL) == 0);
	for (int i = 0; i < 2; i++) {
		CHECK(sem_wait(named) == 0);
		order[n++] = 2;
	}
	CHECK(pthread_join(t, NULL) == 0);
	CHECK(order[0] == 1); /* the first post came before the first wait ended */
	int v;
	CHECK(sem_getvalue(named, &v) == 0 && v == 0);
	CHECK(sem_close(named) == 0);
	CHECK(sem_unlink(SEM) == 0);
	errno = 0;
	CHECK(sem_open(SEM, 0) == SEM_FAILED && errno == ENOENT);
}

int main(void)
{
	RUN(test_shm_object_outlives_its_mapping_and_its_process);
	RUN(test_named_semaphore_between_threads);
	puts("shm ok");
	return 0;
}
