/*
 * The memory budget (membudget.h). A process is charged the size of its memory as the kernel
 * last learned it (p->mem_charged), file pages one page each.
 */
#include "membudget.h"
#include "host.h"
#include "kernel_api.h"
#include "mem.h"
#include "proc.h"
#include "wasmhdr.h"

static uint64_t total = MEMBUDGET_DEFAULT;
static uint64_t used;

void kernel_set_memory_limit(uint32_t mib)
{
	if (mib)
		total = (uint64_t)mib << 20;
}

int membudget_charge(uint64_t bytes)
{
	if (bytes > total - used)
		return -ENOMEM;
	used += bytes;
	return 0;
}

void membudget_uncharge(uint64_t bytes)
{
	KASSERT(bytes <= used);
	used -= bytes;
}

uint64_t membudget_total(void)
{
	return total;
}

uint64_t membudget_used(void)
{
	return used;
}

int membudget_proc_set(struct proc *p, uint64_t bytes)
{
	if (bytes > p->mem_charged) {
		int r = membudget_charge(bytes - p->mem_charged);
		if (r)
			return r;
	} else {
		membudget_uncharge(p->mem_charged - bytes);
	}
	p->mem_charged = bytes;
	return 0;
}

int membudget_proc_image(struct proc *p, const void *mod, size_t len)
{
	long pages = wasm_import_memory_pages(mod, len);
	if (pages < 0)
		return (int)pages;
	return membudget_proc_set(p, (uint64_t)pages * WASM_PAGE);
}

void membudget_proc_resync(struct proc *p)
{
	(void)membudget_proc_set(p, mem_bytes(p));
}

void membudget_proc_release(struct proc *p)
{
	membudget_uncharge(p->mem_charged);
	p->mem_charged = 0;
}
