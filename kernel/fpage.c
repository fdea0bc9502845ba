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

/* One piece for fpage_uiomove: between the page at ctx's offset + done and the iovec. */
struct page_at {
	fpage_t pg;
	size_t off;
};

static int page_piece(void *ctx, size_t done, uintptr_t base, size_t len, const struct uio *uio)
{
	const struct page_at *at = ctx;
	int to_page = uio->rw == UIO_WRITE;
	if (uio->kspace)
		return host_fpage_kcopy(at->pg, at->off + done, (void *)base, len, to_page);
	return host_fpage_ucopy(at->pg, at->off + done, uio->td->p->pid, (uaddr_t)base, len, to_page);
}

int fpage_uiomove(fpage_t pg, size_t off, size_t n, struct uio *uio)
{
	struct page_at at = { pg, off };
	return uio_each(uio, n, page_piece, &at);
}

void fpage_zero(fpage_t pg, size_t off, size_t n)
{
	host_fpage_zero(pg, off, n);
}
