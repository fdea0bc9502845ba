/*
 * The terminal devices: /dev/tty (5,0) is the opening process's controlling terminal and
 * /dev/console (5,1) the first terminal the host gave us. Both are host streams (stream.c);
 * there are no pseudo-terminals yet, so a session without a terminal stream gets ENXIO.
 */
#include "vfs.h"
#include "stream.h"

int tty_open(struct vnode *vn, struct file *f)
{
	if (WP_MINOR(vn->rdev) == 0)
		return stream_open_ctty(vfs_current(), f);
	return stream_open_console(f);
}
