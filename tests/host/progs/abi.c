/* Prints the ABI numbers the host hard-codes (host/src/abi.ts), from the C headers. */
#include <stdio.h>
#include <stddef.h>
#include "uapi/wp_channel.h"
#include "exec.h"

int main(void)
{
	printf("{\"CH\":{\"STATUS\":%zu,\"NR\":%zu,\"ARGS\":%zu,\"RESULT\":%zu,\"SIG\":%zu,\"SIZE\":%zu},",
	       offsetof(struct wp_channel, status), offsetof(struct wp_channel, nr),
	       offsetof(struct wp_channel, args), offsetof(struct wp_channel, result),
	       offsetof(struct wp_channel, sig), sizeof(struct wp_channel));
	printf("\"CH_STATUS\":{\"IDLE\":%d,\"PENDING\":%d,\"SLEEPING\":%d,\"DONE\":%d,\"UNWIND\":%d,\"EXEC\":%d},",
	       WP_CH_IDLE, WP_CH_PENDING, WP_CH_SLEEPING, WP_CH_DONE, WP_CH_UNWIND, WP_CH_EXEC);
	printf("\"CTL\":{\"DOORBELL\":%zu,\"KERNEL_SLEEPING\":%zu,\"MAIL\":%zu,\"SHUTDOWN\":%zu,\"READY\":%zu,\"CHAN\":%zu,\"WORDS\":%zu},",
	       offsetof(struct wp_control, doorbell) / 4, offsetof(struct wp_control, kernel_sleeping) / 4,
	       offsetof(struct wp_control, mail) / 4, offsetof(struct wp_control, shutdown) / 4,
	       offsetof(struct wp_control, ready) / 4, offsetof(struct wp_control, chan) / 4,
	       sizeof(struct wp_control) / 4);
	printf("\"MAX_SLOTS\":%d,", WP_MAX_SLOTS);
	printf("\"PROG_REQ\":{\"IMAGE\":%zu,\"IMAGE_LEN\":%zu,\"DEV_LO\":%zu,\"DEV_HI\":%zu,\"INO_LO\":%zu,\"INO_HI\":%zu,"
	       "\"MTIME\":%zu,\"PATH\":%zu,\"PATH_LEN\":%zu,\"ARGV\":%zu,\"ARGV_LEN\":%zu,\"ARGC\":%zu,\"ENVP\":%zu,"
	       "\"ENVP_LEN\":%zu,\"ENVC\":%zu,\"TID\":%zu,\"SLOT\":%zu,\"SIZE\":%zu},",
	       offsetof(struct host_prog_req, image), offsetof(struct host_prog_req, image_len),
	       offsetof(struct host_prog_req, dev_lo), offsetof(struct host_prog_req, dev_hi),
	       offsetof(struct host_prog_req, ino_lo), offsetof(struct host_prog_req, ino_hi),
	       offsetof(struct host_prog_req, mtime_ns), offsetof(struct host_prog_req, path),
	       offsetof(struct host_prog_req, path_len), offsetof(struct host_prog_req, argv),
	       offsetof(struct host_prog_req, argv_len), offsetof(struct host_prog_req, argc),
	       offsetof(struct host_prog_req, envp), offsetof(struct host_prog_req, envp_len),
	       offsetof(struct host_prog_req, envc), offsetof(struct host_prog_req, tid),
	       offsetof(struct host_prog_req, slot), sizeof(struct host_prog_req));
	printf("\"SPAWN_REQ\":{\"PATH\":%zu,\"ARGV\":%zu,\"ARGV_LEN\":%zu,\"ENVP\":%zu,\"ENVP_LEN\":%zu,\"CWD\":%zu,"
	       "\"STDIO\":%zu,\"UID\":%zu,\"GID\":%zu,\"SIZE\":%zu}}\n",
	       offsetof(struct kernel_spawn_req, path), offsetof(struct kernel_spawn_req, argv),
	       offsetof(struct kernel_spawn_req, argv_len), offsetof(struct kernel_spawn_req, envp),
	       offsetof(struct kernel_spawn_req, envp_len), offsetof(struct kernel_spawn_req, cwd),
	       offsetof(struct kernel_spawn_req, stdio), offsetof(struct kernel_spawn_req, uid),
	       offsetof(struct kernel_spawn_req, gid), sizeof(struct kernel_spawn_req));
	return 0;
}
