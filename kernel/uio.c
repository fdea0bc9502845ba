/*
 * uiomove: the one way file operations move bytes between kernel buffers and guest iovecs
 * (uio_each walks the iovecs for it, and for movers that are not a kernel buffer: fpage.c).
 */
#include "file.h"

int uio_each(struct uio *uio, size_t n, uio_piece_fn move, void *ctx)
{
	size_t done = 0;

	while (n > 0 && uio->resid > 0) {
		struct kiovec *iov = uio->iov;
		KASSERT(uio->iovcnt > 0);
		size_t len = MIN(n, (size_t)iov->len);
		if (len == 0) {
			uio->iov++;
			uio->iovcnt--;
			continue;
		}
		int err = move(ctx, done, iov->base, len, uio);
		if (err)
			return err;
		iov->base += len;
		iov->len -= len;
		uio->resid -= len;
		uio->offset += len;
		done += len;
		n -= len;
	}
	return 0;
}

/* One piece for uiomove: between kbuf + done and the iovec's memory. */
static int kbuf_piece(void *kbuf, size_t done, uintptr_t base, size_t len, const struct uio *uio)
{
	char *p = (char *)kbuf + done;
	if (uio->kspace) {
		void *k = (void *)base;
		memcpy(uio->rw == UIO_READ ? k : p, uio->rw == UIO_READ ? p : k, len);
		return 0;
	}
	if (uio->rw == UIO_READ)
		return copyout(uio->td, p, (uaddr_t)base, len);
	return copyin(uio->td, (uaddr_t)base, p, len);
}

int uiomove(void *kbuf, size_t n, struct uio *uio)
{
	return uio_each(uio, n, kbuf_piece, kbuf);
}

/* Advances uio past n bytes already moved by an earlier run of the same request. */
void uio_skip(struct uio *uio, size_t n)
{
	while (n && uio->iovcnt) {
		size_t k = MIN(n, (size_t)uio->iov->len);
		uio->iov->base += k;
		uio->iov->len -= k;
		uio->resid -= k;
		n -= k;
		if (!uio->iov->len) {
			uio->iov++;
			uio->iovcnt--;
		}
	}
}

int iovec_in(struct thread *td, uaddr_t uiov, uint32_t n, struct kiovec **out)
{
	struct kiovec *iov = kmalloc(sizeof *iov * (n ? n : 1));
	if (!iov)
		return -ENOMEM;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t pair[2]; /* struct iovec on ILP32: base, len */
		int r = copyin(td, uiov + 8 * i, pair, sizeof pair);
		if (r) {
			kfree(iov);
			return r;
		}
		iov[i] = (struct kiovec){ pair[0], pair[1] };
	}
	*out = iov;
	return 0;
}
