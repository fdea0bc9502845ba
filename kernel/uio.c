/*
 * uiomove: the one way file operations move bytes between kernel buffers and guest iovecs.
 */
#include "file.h"

int uiomove(void *kbuf, size_t n, struct uio *uio)
{
	char *p = kbuf;

	while (n > 0 && uio->resid > 0) {
		struct kiovec *iov = uio->iov;
		size_t len;
		int err;

		KASSERT(uio->iovcnt > 0);
		len = MIN(n, (size_t)iov->len);
		if (len == 0) {
			uio->iov++;
			uio->iovcnt--;
			continue;
		}
		if (uio->kspace) {
			void *k = (void *)(uintptr_t)iov->base;
			memcpy(uio->rw == UIO_READ ? k : p, uio->rw == UIO_READ ? p : k, len);
			err = 0;
		} else if (uio->rw == UIO_READ) {
			err = copyout(uio->td, p, (uaddr_t)iov->base, len);
		} else {
			err = copyin(uio->td, (uaddr_t)iov->base, p, len);
		}
		if (err)
			return err;
		iov->base += len;
		iov->len -= len;
		uio->resid -= len;
		uio->offset += len;
		p += len;
		n -= len;
	}
	return 0;
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
