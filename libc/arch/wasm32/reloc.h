/* wasm32 has no dynamic linker; these satisfy src/internal/dynlink.h, never used. */
#define LDSO_ARCH "wasm32"

#define REL_SYMBOLIC    1
#define REL_RELATIVE    2

#define CRTJMP(pc,sp) __builtin_trap()
