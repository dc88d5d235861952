// SPDX-License-Identifier: MIT OR GPL-2.0-only
/* Counts syscall completions per (thread-group id, thread name, syscall number) in a bounded hash
 * map. A completion that finds the map full is counted in `dropped`, which user space polls: a full
 * map must never undercount silently. */
#include <stdbool.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "syscallbypid.h"

#define EEXIST 17

char LICENSE[] SEC("license") = "Dual MIT/GPL";

/* The syscall number lives in an arch-specific pt_regs field; declare only those fields and let
 * CO-RE pick the one the running kernel has. */
struct pt_regs___x86 {
	unsigned long orig_ax;
} __attribute__((preserve_access_index));

struct pt_regs___arm64 {
	int syscallno;
} __attribute__((preserve_access_index));

struct pt_regs;

/* Set by user space before load; -1 marks an unused slot (an arch without fork or vfork). */
const volatile __s32 fork_ids[SBP_FORK_IDS] = { -1, -1, -1, -1 };

/* Sized by user space before load (bpf_map__set_max_entries). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SBP_DEFAULT_MAX_ENTRIES);
	__type(key, struct sbp_key);
	__type(value, sbp_count);
} counts SEC(".maps");

/* Completions lost because `counts` was full. */
__u64 dropped = 0;

static __always_inline int syscall_id(struct pt_regs *regs)
{
	if (bpf_core_field_exists(((struct pt_regs___x86 *)0)->orig_ax))
		return (int)((struct pt_regs___x86 *)regs)->orig_ax;
	if (bpf_core_field_exists(((struct pt_regs___arm64 *)0)->syscallno))
		return ((struct pt_regs___arm64 *)regs)->syscallno;
	return -1;
}

/* A new task's first return to user space goes through sys_exit with its parent's fork-family
 * number and 0 as result: that is not a call the new task made. */
static __always_inline bool is_new_task_return(int id, long ret)
{
	if (ret != 0)
		return false;
	for (int i = 0; i < SBP_FORK_IDS; i++)
		if (id == fork_ids[i])
			return true;
	return false;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(count_sys_exit, struct pt_regs *regs, long ret)
{
	struct sbp_key key = {};
	sbp_count one = 1, *count;
	long err;

	key.id = syscall_id(regs);
	if (is_new_task_return(key.id, ret))
		return 0;
	key.pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(key.comm, sizeof(key.comm));

	count = bpf_map_lookup_elem(&counts, &key);
	if (count) {
		__sync_fetch_and_add(count, 1);
		return 0;
	}
	err = bpf_map_update_elem(&counts, &key, &one, BPF_NOEXIST);
	if (err == -EEXIST) {
		/* Another CPU inserted the key between our lookup and update. */
		count = bpf_map_lookup_elem(&counts, &key);
		if (count) {
			__sync_fetch_and_add(count, 1);
			return 0;
		}
	}
	if (err)
		__sync_fetch_and_add(&dropped, 1);
	return 0;
}
