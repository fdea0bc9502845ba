/*
 * The fake host's process-life imports (host_fork, host_exec, host_spawn, ...): the file
 * tests never drive them, so they do nothing. This file deliberately does not include
 * host.h: these signatures follow the lead's process code, and only the names must link.
 */
void host_proc_exit(void) {}
void host_thread_terminate(void) {}
void host_fork(void) {}
void host_exec(void) {}
void host_spawn(void) {}
void host_resolve_spawn(void) {}
void host_clone(void) {}
void host_thread_exit(void) {}
