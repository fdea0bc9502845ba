/*
 * wasm_import_memory_pages (wasmhdr.h): walks the sections up to the import section and the
 * imports up to the first memory (the binary format of the WebAssembly core specification).
 */
#include "wasmhdr.h"

struct rd {
	const uint8_t *p, *end;
	bool bad;
};

static uint64_t leb(struct rd *r)
{
	uint64_t v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (r->p >= r->end) {
			r->bad = true;
			return 0;
		}
		uint8_t b = *r->p++;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
	}
	r->bad = true;
	return 0;
}

static uint8_t byte(struct rd *r)
{
	if (r->p >= r->end) {
		r->bad = true;
		return 0;
	}
	return *r->p++;
}

static void skip(struct rd *r, uint64_t n)
{
	if (n > (uint64_t)(r->end - r->p)) {
		r->bad = true;
		r->p = r->end;
	} else {
		r->p += n;
	}
}

/* limits: a flags byte (bit 0: a maximum follows), the minimum, then perhaps the maximum */
static uint64_t limits_min(struct rd *r)
{
	uint8_t flags = byte(r);
	uint64_t min = leb(r);
	if (flags & 1)
		leb(r);
	return min;
}

enum { SEC_IMPORT = 2, IMP_FUNC = 0, IMP_TABLE = 1, IMP_MEMORY = 2, IMP_GLOBAL = 3, IMP_TAG = 4 };

long wasm_import_memory_pages(const uint8_t *mod, size_t len)
{
	static const uint8_t magic[8] = { 0, 'a', 's', 'm', 1, 0, 0, 0 };
	if (len < 8 || memcmp(mod, magic, 8))
		return -ENOEXEC;
	struct rd r = { mod + 8, mod + len, false };
	while (r.p < r.end) {
		uint8_t id = byte(&r);
		uint64_t size = leb(&r);
		if (r.bad || size > (uint64_t)(r.end - r.p))
			return -ENOEXEC;
		if (id != SEC_IMPORT) {
			if (id > SEC_IMPORT && id != 0)
				return 0; /* past where imports stand */
			skip(&r, size);
			continue;
		}
		struct rd s = { r.p, r.p + size, false };
		for (uint64_t n = leb(&s); n-- && !s.bad;) {
			skip(&s, leb(&s)); /* module name */
			skip(&s, leb(&s)); /* field name */
			switch (byte(&s)) {
			case IMP_FUNC: leb(&s); break;
			case IMP_TABLE: byte(&s); limits_min(&s); break;
			case IMP_MEMORY: {
				uint64_t min = limits_min(&s);
				return s.bad || min > 65536 ? -ENOEXEC : (long)min;
			}
			case IMP_GLOBAL: byte(&s); byte(&s); break;
			case IMP_TAG: byte(&s); leb(&s); break;
			default: return -ENOEXEC;
			}
		}
		return s.bad ? -ENOEXEC : 0;
	}
	return 0;
}
