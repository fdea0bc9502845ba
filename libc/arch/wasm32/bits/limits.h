/* Linux programs expect 4096-byte pages, whatever the wasm memory's 64 KiB growth step. */
#define PAGESIZE 4096
