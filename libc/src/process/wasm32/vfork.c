#include <unistd.h>

/* vfork is fork: the child gets its own copy of memory, which vfork allows. */
pid_t vfork(void)
{
	return fork();
}
