// The binary contracts the host shares with the kernel and with guests: the channel and
// control block (kernel/include/uapi/wp_channel.h) and the kernel's request structs
// (kernel/exec.h). tests/host checks these numbers against the C headers.

export const CH = {
  STATUS: 0, // i32
  NR: 4, // i32
  ARGS: 8, // 6 x i64
  RESULT: 56, // i64
  SIG: 64, // struct wp_sigframe
  SIZE: 216,
} as const;

export const CH_STATUS = {
  IDLE: 0,
  PENDING: 1,
  SLEEPING: 2,
  DONE: 3,
  UNWIND: 4,
  EXEC: 5,
} as const;

export const MAX_SLOTS = 1024;

// struct wp_control, as i32 indexes from its start
export const CTL = {
  DOORBELL: 0,
  KERNEL_SLEEPING: 1,
  MAIL: 2,
  SHUTDOWN: 3,
  READY: 4, // MAX_SLOTS / 32 words
  CHAN: 4 + MAX_SLOTS / 32, // MAX_SLOTS words
  WORDS: 4 + MAX_SLOTS / 32 + MAX_SLOTS,
} as const;

// struct host_prog_req (kernel/exec.h), byte offsets
export const PROG_REQ = {
  IMAGE: 0, IMAGE_LEN: 4, DEV_LO: 8, DEV_HI: 12, INO_LO: 16, INO_HI: 20, MTIME: 24,
  PATH: 32, PATH_LEN: 36, ARGV: 40, ARGV_LEN: 44, ARGC: 48, ENVP: 52, ENVP_LEN: 56,
  ENVC: 60, TID: 64, SLOT: 68, SIZE: 72,
} as const;

// struct kernel_spawn_req (kernel/exec.h), byte offsets
export const SPAWN_REQ = {
  PATH: 0, ARGV: 4, ARGV_LEN: 8, ENVP: 12, ENVP_LEN: 16, CWD: 20, STDIO: 24, UID: 36,
  GID: 40, SIZE: 44,
} as const;

export const WASM_PAGE = 65536;

// Linux errno values the host itself produces
export const E = {
  EPERM: 1, ENOENT: 2, EIO: 5, ENOEXEC: 8, EBADF: 9, EAGAIN: 11, ENOMEM: 12, EACCES: 13,
  EFAULT: 14, EINVAL: 22, EPIPE: 32, ENAMETOOLONG: 36, ENOSYS: 38,
} as const;

export const SIG = { SIGINT: 2, SIGILL: 4, SIGABRT: 6, SIGFPE: 8, SIGKILL: 9, SIGSEGV: 11, SIGTERM: 15 } as const;
