/*
 * Open file descriptions: allocation and reference counting (file.h).
 */
#include "file.h"
#include "vfs.h"

struct file *file_alloc(const struct file_ops *ops, uint32_t flags, void *priv)
{
	struct file *f = kzalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->ops = ops;
	f->refs = 1;
	f->flags = flags;
	f->priv = priv;
	return f;
}

struct file *file_hold(struct file *f)
{
	KASSERT(f->refs > 0);
	f->refs++;
	return f;
}

void file_drop(struct file *f)
{
	if (!f)
		return;
	KASSERT(f->refs > 0);
	if (--f->refs > 0)
		return;
	if (f->vn)
		lock_release_file(f);
	if (f->epitems)
		epoll_file_gone(f);
	if (f->ops && f->ops->release)
		f->ops->release(f);
	if (f->vn)
		vnode_drop(f->vn);
	kfree(f);
}
