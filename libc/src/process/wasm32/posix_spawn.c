/*
 * posix_spawn without fork: the whole request (program, argv, envp, file actions,
 * attributes) is packed into one block for the kernel's wp_spawn call
 * (kernel/include/uapi/wp_spawn.h), which builds the child and applies the actions itself.
 */
#include <spawn.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "syscall.h"
#include "../fdop.h"
#include "wp_spawn.h"

struct packer {
	unsigned char *base;
	uint32_t used;
};

static uint32_t put_string(struct packer *p, const char *s)
{
	uint32_t at = p->used;
	size_t n = strlen(s) + 1;
	if (p->base)
		memcpy(p->base + at, s, n);
	p->used += n;
	return at;
}

static uint32_t put_strings(struct packer *p, uint32_t at, char *const v[], uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		uint32_t s = put_string(p, v[i]);
		if (p->base)
			memcpy(p->base + at + 4 * i, &s, 4);
	}
	return at;
}

static uint32_t count(char *const v[])
{
	uint32_t n = 0;
	while (v && v[n])
		n++;
	return n;
}

/* musl keeps file actions newest first; the oldest is applied first. */
static struct fdop *oldest(const posix_spawn_file_actions_t *fa, uint32_t *n)
{
	struct fdop *op = fa ? fa->__actions : 0;
	*n = 0;
	if (!op)
		return 0;
	for (*n = 1; op->next; op = op->next)
		++*n;
	return op;
}

static uint32_t put_actions(struct packer *p, uint32_t at, struct fdop *op)
{
	for (uint32_t i = 0; op; op = op->prev, i++) {
		struct wp_spawn_action a = {
			.op = op->cmd == FDOP_CLOSE ? WP_SPAWN_CLOSE :
			      op->cmd == FDOP_DUP2 ? WP_SPAWN_DUP2 :
			      op->cmd == FDOP_OPEN ? WP_SPAWN_OPEN :
			      op->cmd == FDOP_CHDIR ? WP_SPAWN_CHDIR : WP_SPAWN_FCHDIR,
			.fd = op->fd, .srcfd = op->srcfd, .oflag = op->oflag, .mode = op->mode,
		};
		if (op->cmd == FDOP_OPEN || op->cmd == FDOP_CHDIR)
			a.path = put_string(p, op->path);
		if (p->base)
			memcpy(p->base + at + i * sizeof a, &a, sizeof a);
	}
	return at;
}

/* Lays the request out at p->base, or only measures it when p->base is null. */
static void pack(struct packer *p, const char *path, const posix_spawn_file_actions_t *fa,
		 const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	struct wp_spawn_req r = { 0 };
	struct fdop *first = oldest(fa, &r.nactions);
	r.argc = count(argv);
	r.envc = count(envp);
	r.actions = sizeof r;
	r.argv = r.actions + r.nactions * sizeof(struct wp_spawn_action);
	r.envp = r.argv + 4 * r.argc;
	p->used = r.envp + 4 * r.envc;
	put_actions(p, r.actions, first);
	put_strings(p, r.argv, argv, r.argc);
	put_strings(p, r.envp, envp, r.envc);
	r.path = put_string(p, path);
	p->used = (p->used + 3) & -4;
	r.size = p->used;
	if (attr) {
		r.flags = attr->__flags;
		r.pgroup = attr->__pgrp;
		memcpy(&r.sigmask, &attr->__mask, sizeof r.sigmask);
		memcpy(&r.sigdefault, &attr->__def, sizeof r.sigdefault);
	}
	if (p->base)
		memcpy(p->base, &r, sizeof r);
}

hidden int __wp_spawn(pid_t *restrict res, const char *restrict path,
		      const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *restrict attr,
		      char *const argv[restrict], char *const envp[restrict])
{
	struct packer p = { 0 };
	pack(&p, path, fa, attr, argv, envp);
	p.base = malloc(p.used);
	if (!p.base)
		return ENOMEM;
	pack(&p, path, fa, attr, argv, envp);
	long pid = __syscall(SYS_wp_spawn, p.base, p.used);
	free(p.base);
	if (pid < 0)
		return -pid;
	if (res)
		*res = pid;
	return 0;
}

int posix_spawn(pid_t *restrict res, const char *restrict path,
		const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *restrict attr,
		char *const argv[restrict], char *const envp[restrict])
{
	return __wp_spawn(res, path, fa, attr, argv, envp);
}
