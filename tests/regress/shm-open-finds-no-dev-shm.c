// native-too
/*
 * shm_open and sem_open failed with ENOENT: there was no /dev/shm. It is a tmpfs now,
 * mounted at boot, sticky and writable by everyone as on Linux.
 */
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

int main(void)
{
	struct stat st;
	CHECK(stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 01777) == 01777);
	shm_unlink("/wp-regress-shm");
	int fd = shm_open("/wp-regress-shm", O_RDWR | O_CREAT | O_EXCL, 0600);
	printf("shm_open: %s\n", fd >= 0 ? "ok" : "failed");
	CHECK(fd >= 0 && shm_unlink("/wp-regress-shm") == 0);
	sem_unlink("/wp-regress-sem");
	sem_t *s = sem_open("/wp-regress-sem", O_CREAT | O_EXCL, 0600, 1);
	printf("sem_open: %s\n", s != SEM_FAILED ? "ok" : "failed");
	CHECK(s != SEM_FAILED && sem_wait(s) == 0 && sem_unlink("/wp-regress-sem") == 0);
	return 0;
}
