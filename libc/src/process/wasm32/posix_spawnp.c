/*
 * posix_spawnp: the PATH search of execvp, one wp_spawn per candidate. The kernel applies
 * file actions only after it has resolved the program, so they run once, for the winner.
 */
#include <spawn.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *__strchrnul(const char *, int);
hidden int __wp_spawn(pid_t *restrict, const char *restrict, const posix_spawn_file_actions_t *,
		      const posix_spawnattr_t *restrict, char *const [restrict], char *const [restrict]);

int posix_spawnp(pid_t *restrict res, const char *restrict file,
		 const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *restrict attr,
		 char *const argv[restrict], char *const envp[restrict])
{
	if (!*file)
		return ENOENT;
	if (strchr(file, '/'))
		return __wp_spawn(res, file, fa, attr, argv, envp);
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/bin:/usr/bin";
	size_t k = strnlen(file, NAME_MAX + 1);
	if (k > NAME_MAX)
		return ENAMETOOLONG;
	int seen_eacces = 0;
	for (const char *p = path, *z; ; p = z + 1) {
		char b[PATH_MAX];
		z = __strchrnul(p, ':');
		size_t l = z - p;
		if (l >= PATH_MAX - 1 - k) {
			if (!*z)
				break;
			continue;
		}
		memcpy(b, p, l);
		b[l] = '/';
		memcpy(b + l + !!l, file, k + 1);
		int e = __wp_spawn(res, b, fa, attr, argv, envp);
		if (e == EACCES)
			seen_eacces = 1;
		else if (e != ENOENT && e != ENOTDIR)
			return e;
		if (!*z)
			break;
	}
	return seen_eacces ? EACCES : ENOENT;
}
