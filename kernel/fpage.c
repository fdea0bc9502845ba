/*
 * File pages (fpage.h) over the host's page store (host.h: host_fpage_*). The kernel decides
 * whether a page may exist (the memory budget); the host only keeps the bytes.
 */
#include "fpage.h"
#include "host.h"
#include "membudget.h"
#include "proc.h"

static uint64_t pages_in_use;

fpage_t fpage_alloc(void)
{
	if (kalloc_should_fail() || membudget_charge(FPAGE_SIZE) < 0)
		return 0;
	fpage_t pg = host_fpage_alloc();
	if (!pg) {
		membudget_uncharge(FPAGE_SIZE);
		return 0;
	}
	pages_in_use++;
	return pg;
}

void fpage_free(fpage_t pg)
{
	if (!pg)
		return;
	host_fpage_free(pg);
	membudget_uncharge(FPAGE_SIZE);
	pages_in_use--;
}

uint64_t fpage_bytes(void)
{
	return pages_in_use * FPAGE_SIZE;
}

int fpage_uiomove(fpage_t pg, size_t off, size_t n, struct uio *uio)
{
	int to_page = uio->rw == UIO_WRITE;
	while (n > 0 && uio->resid > 0) {
		struct kiovec *iov = uio->iov;
		KASSERT(uio->iovcnt > 0);
		size_t len = MIN(n, (size_t)iov->len);
		if (len == 0) {
			uio->iov++;
			uio->iovcnt--;
			continue;
		}
		int err = uio->kspace
			? host_fpage_kcopy(pg, off, (void *)(uintptr_t)iov->base, len, to_page)
			: host_fpage_ucopy(pg, off, uio->td->p->pid, (uaddr_t)iov->base, len, to_page);
		if (err)
			return err;
		iov->base += len;
		iov->len -= len;
		uio->resid -= len;
		uio->offset += len;
		off += len;
		n -= len;
	}
	return 0;
}

void fpage_zero(fpage_t pg, size_t off, size_t n)
{
	host_fpage_zero(pg, off, n);
}
