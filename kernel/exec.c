/*
 * Program images: path → bytes (wasm, or #! through an interpreter), the process's program
 * identity, and the startup block _start receives (wp_init / wp_args).
 */
#include "exec.h"
#include "file.h"
#include "vfs.h"
#include "host.h"
#include "uapi/stat.h"

int strblock_add(struct strblock *b, const char *s, size_t n)
{
	if (b->len + n + 1 > ARG_MAX_BYTES)
		return -E2BIG;
	char *d = krealloc(b->data, b->len + n + 1);
	if (!d)
		return -ENOMEM;
	memcpy(d + b->len, s, n);
	d[b->len + n] = 0;
	b->data = d;
	b->len += n + 1;
	b->count++;
	return 0;
}

void strblock_free(struct strblock *b)
{
	kfree(b->data);
	*b = (struct strblock){ 0 };
}

void image_free(struct image *img)
{
	kfree(img->bytes);
	kfree(img->path);
	strblock_free(&img->argv);
	*img = (struct image){ 0 };
}

/* Program files are read whole into kernel memory (1 GiB on wasm32): past this, ENOMEM. */
#define PROGRAM_MAX (512u << 20)

/* Reads all of vn (a regular file) into a fresh buffer. */
static int read_whole(struct proc *p, struct vnode *vn, char **out, size_t *lenp)
{
	if (vn->size > PROGRAM_MAX)
		return -ENOMEM; /* (a sparse file can claim any size; size_t may be 32 bits) */
	struct file *f;
	int r = vfs_open_vnode(p, vn, O_RDONLY, &f);
	if (r < 0)
		return r;
	size_t len = (size_t)vn->size;
	char *buf = kmalloc(len ? len : 1);
	if (!buf) {
		file_drop(f);
		return -ENOMEM;
	}
	struct kiovec iov = { (uintptr_t)buf, (uint32_t)len };
	struct uio uio = { .iov = &iov, .iovcnt = 1, .resid = len, .offset = 0,
			   .rw = UIO_READ, .kspace = true };
	size_t got = 0;
	while (got < len) {
		long n = f->ops->read(f, &uio);
		if (n <= 0) {
			r = n < 0 ? (int)n : -EIO;
			break;
		}
		got += n;
	}
	file_drop(f);
	if (got < len) {
		kfree(buf);
		return r;
	}
	*out = buf;
	*lenp = len;
	return 0;
}

/* Splits a #! line into interpreter and optional argument (one, as Linux does). */
static int parse_shebang(const char *buf, size_t len, char *interp, char *arg)
{
	size_t i = 2, end = 2;
	while (end < len && end < 256 && buf[end] != '\n')
		end++;
	while (i < end && (buf[i] == ' ' || buf[i] == '\t'))
		i++;
	size_t s = i;
	while (i < end && buf[i] != ' ' && buf[i] != '\t')
		i++;
	if (i == s)
		return -ENOEXEC;
	memcpy(interp, buf + s, i - s);
	interp[i - s] = 0;
	while (i < end && (buf[i] == ' ' || buf[i] == '\t'))
		i++;
	size_t e = end;
	while (e > i && (buf[e - 1] == ' ' || buf[e - 1] == '\t' || buf[e - 1] == '\r'))
		e--;
	memcpy(arg, buf + i, e - i);
	arg[e - i] = 0;
	return 0;
}

/* argv with its first entry replaced by interp [arg] script. */
static int shebang_argv(struct strblock *argv, const char *interp, const char *arg,
			const char *script)
{
	struct strblock nb = { 0 };
	int r = strblock_add(&nb, interp, strlen(interp));
	if (!r && *arg)
		r = strblock_add(&nb, arg, strlen(arg));
	if (!r)
		r = strblock_add(&nb, script, strlen(script));
	/* the old argv[0] is dropped: the script path stands in its place */
	size_t skip = argv->count ? strlen(argv->data) + 1 : 0;
	for (size_t off = skip; !r && off < argv->len;) {
		size_t n = strlen(argv->data + off);
		r = strblock_add(&nb, argv->data + off, n);
		off += n + 1;
	}
	if (r) {
		strblock_free(&nb);
		return r;
	}
	strblock_free(argv);
	*argv = nb;
	return 0;
}

/* The absolute path of the program at path: its directory's path and its own name. */
/* abs = the absolute name of path's directory as p sees it, then "/" and name. */
static long parent_path(struct proc *p, struct vnode *start, const char *path, int *links,
			char *abs)
{
	struct vnode *dir;
	char name[NAME_MAX + 1];
	bool trailing;
	int r = vfs_lookup_parent(p, start, path, links, &dir, name, &trailing);
	if (r < 0)
		return r;
	long n = vfs_path(p, dir, abs, PATH_MAX);
	vnode_drop(dir);
	if (n < 0)
		return n;
	size_t dl = strlen(abs), nl = strlen(name);
	if (dl + 1 + nl + 1 > PATH_MAX)
		return -ENAMETOOLONG;
	if (dl > 1)
		abs[dl++] = '/';
	memcpy(abs + dl, name, nl + 1);
	return (long)(dl + nl);
}

/*
 * The absolute path of the program file path names, with every symlink resolved (what
 * /proc/PID/exe shows, as Linux: /bin/ls that links to /bin/busybox is /bin/busybox).
 */
static long program_path(struct proc *p, struct vnode *start, const char *path, char *abs)
{
	char *target = kmalloc(PATH_MAX), *cur = kmalloc(PATH_MAX);
	long n = target && cur ? 0 : -ENOMEM;
	int links = 0;
	if (!n)
		memcpy(cur, path, strlen(path) + 1);
	while (!n) {
		/* the link is read where it stands, as the lookup found it (/proc/self/exe too) */
		long t = vfs_readlink(p, start, cur, target, PATH_MAX - 1);
		if (t == -EINVAL) {
			n = parent_path(p, start, cur, &links, abs);
			break;
		}
		if (t < 0 || ++links > VFS_MAXSYMLINKS) {
			n = t < 0 ? t : -ELOOP;
			break;
		}
		target[t] = 0;
		const char *slash = strrchr(cur, '/');
		size_t dl = target[0] == '/' || !slash ? 0 : (size_t)(slash - cur) + 1;
		if (dl + (size_t)t + 1 > PATH_MAX) {
			n = -ENAMETOOLONG;
			break;
		}
		memcpy(cur + dl, target, (size_t)t + 1);
	}
	kfree(target);
	kfree(cur);
	return n;
}

static int load_one(struct proc *p, struct vnode *start, const char *path, int depth,
		    struct image *img)
{
	if (!*path)
		return -ENOENT;
	struct vnode *vn;
	int r = vfs_lookup(p, start, path, LOOKUP_FOLLOW, &vn);
	if (r < 0)
		return r;
	if (!S_ISREG(vn->mode))
		r = -EACCES;
	else
		r = vfs_permission(&p->cred, vn, X_OK);
	char *buf = NULL;
	size_t len = 0;
	if (!r)
		r = read_whole(p, vn, &buf, &len);
	if (r < 0) {
		vnode_drop(vn);
		return r;
	}
	if (len >= 4 && !memcmp(buf, "\0asm", 4)) {
		char *abs = kmalloc(PATH_MAX);
		long n = abs ? program_path(p, start, path, abs) : -ENOMEM;
		if (n < 0) {
			kfree(abs);
			kfree(buf);
			vnode_drop(vn);
			return (int)n;
		}
		img->bytes = buf;
		img->len = len;
		img->dev = vn->mnt ? vn->mnt->dev : 0;
		img->ino = vn->ino;
		img->mtime_ns = vn->mtime;
		img->path = abs;
		vnode_drop(vn);
		return 0;
	}
	vnode_drop(vn);
	if (len < 2 || buf[0] != '#' || buf[1] != '!') {
		kfree(buf);
		return -ENOEXEC;
	}
	if (depth >= SHEBANG_DEPTH) {
		kfree(buf);
		return -ELOOP;
	}
	char interp[256], arg[256];
	r = parse_shebang(buf, len, interp, arg);
	kfree(buf);
	if (!r)
		r = shebang_argv(&img->argv, interp, arg, path);
	if (!r)
		r = load_one(p, start, interp, depth + 1, img);
	return r;
}

int image_load(struct proc *p, struct vnode *start, const char *path, struct strblock *argv,
	       struct image *img)
{
	*img = (struct image){ .argv = *argv };
	*argv = (struct strblock){ 0 };
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	memcpy(img->comm, base, strnlen(base, sizeof img->comm - 1));
	int r = load_one(p, start, path, 0, img);
	if (r < 0)
		image_free(img);
	return r;
}

void image_host_req(struct thread *td, struct image *img, const char *envp, size_t envp_len,
		    struct host_prog_req *req)
{
	*req = (struct host_prog_req){
		.image = (uint32_t)(uintptr_t)img->bytes,
		.image_len = (uint32_t)img->len,
		.dev_lo = (uint32_t)img->dev, .dev_hi = (uint32_t)(img->dev >> 32),
		.ino_lo = (uint32_t)img->ino, .ino_hi = (uint32_t)(img->ino >> 32),
		.mtime_ns = img->mtime_ns,
		.path = (uint32_t)(uintptr_t)img->path,
		.path_len = (uint32_t)strlen(img->path),
		.argv = (uint32_t)(uintptr_t)img->argv.data,
		.argv_len = (uint32_t)img->argv.len,
		.argc = (uint32_t)img->argv.count,
		.envp = (uint32_t)(uintptr_t)envp,
		.envp_len = (uint32_t)envp_len,
		.tid = td->p->pid, /* an exec from any thread leaves it the leader, as on Linux */
		.slot = td->slot,
	};
	int envc = 0;
	for (size_t i = 0; i < envp_len; i++)
		envc += envp[i] == 0;
	req->envc = envc;
}

int proc_set_program(struct proc *p, struct image *img, struct strblock *envp)
{
	char *exe = kstrdup(img->path);
	char *cmd = kmalloc(img->argv.len ? img->argv.len : 1);
	if (!exe || !cmd) {
		kfree(exe);
		kfree(cmd);
		return -ENOMEM;
	}
	memcpy(cmd, img->argv.data, img->argv.len);
	kfree(p->exe);
	kfree(p->cmdline);
	kfree(p->environ);
	p->exe = exe;
	p->cmdline = cmd;
	p->cmdline_len = img->argv.len;
	p->environ = envp->data;
	p->environ_len = envp->len;
	*envp = (struct strblock){ 0 };
	memcpy(p->comm, img->comm, sizeof p->comm);
	return 0;
}

/* ---- the startup block: what _start receives ---- */

#define AT_NULL    0
#define AT_PAGESZ  6
#define AT_UID     11
#define AT_EUID    12
#define AT_GID     13
#define AT_EGID    14
#define AT_CLKTCK  17
#define AT_SECURE  23
#define AT_RANDOM  25
#define AT_EXECFN  31
#define STARTUP_AUX 10 /* auxv pairs, AT_NULL included */

static int count_strings(const char *b, size_t len)
{
	int n = 0;
	for (size_t i = 0; i < len; i++)
		n += b[i] == 0;
	return n;
}

static size_t startup_size(struct proc *p)
{
	int argc = count_strings(p->cmdline, p->cmdline_len);
	int envc = count_strings(p->environ, p->environ_len);
	size_t exe = strlen(p->exe ? p->exe : "") + 1;
	size_t words = 1 + argc + 1 + envc + 1 + 2 * STARTUP_AUX;
	return (words * 4 + 16 + p->cmdline_len + p->environ_len + exe + 15) & ~(size_t)15;
}

long sys_wp_init(struct thread *td, const sysarg_t *arg)
{
	uaddr_t heap_base = arg[0];
	struct proc *p = td->p;
	p->brk_start = p->brk = (heap_base + 4095) & ~(uaddr_t)4095;
	return (long)startup_size(p);
}

/* Writes a pointer array for the strings of block at guest address at; returns the next. */
static uint32_t *put_ptrs(uint32_t *w, const char *block, size_t len, uaddr_t at)
{
	for (size_t i = 0; i < len;) {
		*w++ = at + (uaddr_t)i;
		i += strlen(block + i) + 1;
	}
	*w++ = 0;
	return w;
}

long sys_wp_args(struct thread *td, const sysarg_t *arg)
{
	uaddr_t buf = arg[0];
	size_t size = arg[1];
	struct proc *p = td->p;
	size_t need = startup_size(p);
	if (size < need)
		return -EINVAL;
	char *k = kzalloc(need);
	if (!k)
		return -ENOMEM;
	int argc = count_strings(p->cmdline, p->cmdline_len);
	int envc = count_strings(p->environ, p->environ_len);
	const char *exe = p->exe ? p->exe : "";
	size_t words = 1 + argc + 1 + envc + 1 + 2 * STARTUP_AUX;
	uaddr_t rnd = buf + (uaddr_t)(words * 4);
	uaddr_t args_at = rnd + 16;
	uaddr_t env_at = args_at + (uaddr_t)p->cmdline_len;
	uaddr_t exe_at = env_at + (uaddr_t)p->environ_len;

	uint32_t *w = (uint32_t *)k;
	*w++ = (uint32_t)argc;
	w = put_ptrs(w, p->cmdline, p->cmdline_len, args_at);
	w = put_ptrs(w, p->environ, p->environ_len, env_at);
	const uint32_t aux[STARTUP_AUX][2] = {
		{ AT_PAGESZ, 4096 }, { AT_CLKTCK, 100 }, { AT_UID, p->cred.uid },
		{ AT_EUID, p->cred.euid }, { AT_GID, p->cred.gid }, { AT_EGID, p->cred.egid },
		{ AT_SECURE, 0 }, { AT_RANDOM, rnd }, { AT_EXECFN, exe_at }, { AT_NULL, 0 },
	};
	memcpy(w, aux, sizeof aux);
	char *s = k + words * 4;
	host_random(s, 16);
	memcpy(s + 16, p->cmdline, p->cmdline_len);
	memcpy(s + 16 + p->cmdline_len, p->environ, p->environ_len);
	memcpy(s + 16 + p->cmdline_len + p->environ_len, exe, strlen(exe) + 1);
	int r = copyout(td, k, buf, need);
	kfree(k);
	return r;
}
