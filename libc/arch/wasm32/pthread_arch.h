/*
 * The thread pointer is a thread-local word: every guest thread is its own wasm instance
 * with its own __tls_base, so TLS is per thread by construction. __set_thread_area sets it.
 */
extern hidden _Thread_local uintptr_t __wp_tp;

static inline uintptr_t __get_tp(void)
{
	return __wp_tp;
}

#define MC_PC __pc
