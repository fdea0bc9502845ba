/*
 * CHECK for self-checking guest tests (tests/guest/proc, tests/guest/exec).
 * Each program runs its cases in order and exits non-zero at the first failed CHECK,
 * naming the file, line and condition. VERBOSE=1 in the environment names each case.
 */
#ifndef PROC_CHECK_H
#define PROC_CHECK_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(c)                                                                         \
	do {                                                                             \
		if (!(c)) {                                                              \
			fprintf(stderr, "%s:%d: check failed: %s (errno %d: %s)\n",      \
				__FILE__, __LINE__, #c, errno, strerror(errno));         \
			exit(1);                                                         \
		}                                                                        \
	} while (0)

#define RUN(t)                                                                           \
	do {                                                                             \
		if (getenv("VERBOSE"))                                                   \
			fprintf(stderr, "%s\n", #t);                                     \
		t();                                                                     \
	} while (0)

#endif
