/* The ABI shared by the BPF program (syscallbypid.bpf.c) and the addon (native/): the count map's
 * key and value, and the default bound. Hash keys are compared byte by byte, so the key has no padding. */
#ifndef SYSCALLBYPID_H
#define SYSCALLBYPID_H

#include <linux/types.h>

#define SBP_COMM_LEN 16 /* TASK_COMM_LEN */
#define SBP_DEFAULT_MAX_ENTRIES 2048
/* fork, vfork, clone, clone3: the calls that return a second time, in the new task. */
#define SBP_FORK_IDS 4

struct sbp_key {
	__u32 pid;                /* thread-group id, what ps calls PID */
	__s32 id;                 /* syscall number; -1 for rt_sigreturn and calls a tracer skipped */
	char comm[SBP_COMM_LEN];  /* name of the calling thread */
};

typedef __u64 sbp_count;

#ifdef __cplusplus
static_assert(sizeof(struct sbp_key) == 4 + 4 + SBP_COMM_LEN, "struct sbp_key must have no padding");
#else
_Static_assert(sizeof(struct sbp_key) == 4 + 4 + SBP_COMM_LEN, "struct sbp_key must have no padding");
#endif

#endif
