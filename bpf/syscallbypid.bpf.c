// SPDX-License-Identifier: MIT OR GPL-2.0-only
/* Counts syscall completions per (process, thread name, syscall ABI and number) in a bounded hash
 * map, keeping only the wanted ones: the filters run here, so unwanted keys never take a map entry.
 * The map is reached through a one-slot map of maps, so that user space can swap in an empty one
 * and drain the old one once no program can still be writing it: the map holds only the keys that
 * appeared since the last drain, and counts that left it add up in user space.
 * Each CPU counts its latest keys in a few slots in front of the map and moves a slot's count into
 * the map when the slot is wanted for another key (user space adds what the slots hold). A count
 * that finds the map full is added to `dropped`, which user space polls: a full map must never
 * undercount silently. */
#include <stdbool.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "syscallbypid.h"

#define EEXIST 17
#define MAX_ERRNO 4095

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

/* x86: a 32-bit syscall entry sets TS_COMPAT in the task's thread_info (in_ia32_syscall()), and it
 * stays set until the return to user space, after sys_exit; x32 calls carry __X32_SYSCALL_BIT in
 * their number (in_x32_syscall()). */
#define X86_TS_COMPAT 0x0002
#define X86_X32_SYSCALL_BIT 0x40000000

struct thread_info {
	unsigned long flags;
} __attribute__((preserve_access_index));

struct thread_info___x86 {
	__u32 status;
} __attribute__((preserve_access_index));

/* The fields of the current task read directly through its BTF pointer: plain loads, where the
 * bpf_get_current_pid_tgid() and bpf_get_current_comm() helpers would cost two calls. */
typedef struct {
	int counter;
} atomic_t;

struct signal_struct {
	atomic_t live; /* threads of the group not yet exited */
} __attribute__((preserve_access_index));

struct task_struct {
	struct thread_info thread_info;
	int pid;
	int tgid;
	char comm[SBP_COMM_LEN];
	struct signal_struct *signal;
} __attribute__((preserve_access_index));

/* Set by user space before load. Unused filters are pruned by the verifier. */
/* Per ABI (enum sbp_abi); -1: unused slot. */
const volatile __s32 fork_ids[SBP_ABIS][SBP_FORK_IDS] = { { -1, -1, -1, -1 }, { -1, -1, -1, -1 }, { -1, -1, -1, -1 } };
const volatile __s32 exec_ids[SBP_ABIS][SBP_EXEC_IDS] = { { -1, -1 }, { -1, -1 }, { -1, -1 } };
const volatile bool follow = false;
const volatile bool by_thread = false;
const volatile bool failed_only = false;
const volatile bool filter_pid = false;
const volatile bool filter_comm = false;
const volatile bool filter_syscall = false;
const volatile bool filter_cgroup = false;
const volatile bool by_cgroup = false;
/* Summaries: a key per syscall and ABI (pid and name zero), or per process and name (syscall zero). */
const volatile bool by_syscall = false;
const volatile bool by_pid = false;

/* Sized by user space before load (bpf_map__set_max_entries). `counts_spare` is created only when
 * user space drains (swaps the two). */
struct count_map {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SBP_DEFAULT_MAX_ENTRIES);
	__type(key, struct sbp_key);
	__type(value, struct sbp_value);
} counts SEC(".maps"), counts_spare SEC(".maps");

/* Slot 0 holds the count map in use once user space has drained; empty until then, which means
 * `counts`. Filling or replacing it waits until no program still runs with the old one (the kernel's
 * map-in-map update waits for an RCU grace period, milliseconds): leaving it empty at start spares
 * every run that wait. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct count_map);
} count_maps SEC(".maps");

/* The CPUs' slots (struct sbp_cache_slot), SBP_CACHE_SLOTS a CPU; sized by user space, which reads
 * them through a memory mapping. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, SBP_CACHE_SLOTS);
	__type(key, __u32);
	__type(value, struct sbp_cache_slot);
} cache SEC(".maps");

/* The filters' sets: a key's presence means wanted. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8);
} wanted_pids SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, char[SBP_COMM_LEN]);
	__type(value, __u8);
} wanted_comms SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, struct sbp_syscall);
	__type(value, __u8);
} wanted_syscalls SEC(".maps");

/* Command mode and --follow: the processes counted, by thread-group id (enum sbp_follow_state). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8);
} followed SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} wanted_cgroup SEC(".maps");

/* Completions lost because the count map was full, and the insertions it refused. */
__u64 dropped = 0;
__u64 refused = 0;
/* Keys inserted into the count maps: less the keys drained, the entries in use, which user space
 * reads through the memory-mapped .bss to drain before the map fills. */
__u64 inserted = 0;

/* The completed call's number and ABI. */
static __always_inline struct sbp_syscall syscall_of(struct pt_regs *regs, struct task_struct *task)
{
	struct sbp_syscall call = { -1, SBP_ABI_NATIVE };

	if (bpf_core_field_exists(((struct pt_regs___x86 *)0)->orig_ax)) {
		call.id = (int)((struct pt_regs___x86 *)regs)->orig_ax;
		if (bpf_core_field_exists(((struct thread_info___x86 *)0)->status) &&
		    (((struct thread_info___x86 *)&task->thread_info)->status & X86_TS_COMPAT))
			call.abi = SBP_ABI_COMPAT;
		else if (call.id >= 0 && (call.id & X86_X32_SYSCALL_BIT)) {
			call.id &= ~X86_X32_SYSCALL_BIT;
			call.abi = SBP_ABI_X32;
		}
	} else if (bpf_core_field_exists(((struct pt_regs___arm64 *)0)->syscallno)) {
		/* 32-bit arm tasks on arm64 are not told apart yet: they count as native. */
		call.id = ((struct pt_regs___arm64 *)regs)->syscallno;
	}
	return call;
}

/* A new task's first return to user space goes through sys_exit with its parent's fork-family
 * number and 0 as result: that is not a call the new task made. */
static __always_inline bool is_new_task_return(struct sbp_syscall call, long ret)
{
	if (ret != 0 || call.abi >= SBP_ABIS)
		return false;
	for (int i = 0; i < SBP_FORK_IDS; i++)
		if (call.id == fork_ids[call.abi][i])
			return true;
	return false;
}

/* Keeps the bytes of a little-endian word before its first NUL and zeroes the rest; says whether
 * there was a NUL. (w - 0x01..) & ~w & 0x80.. marks zero bytes; its lowest mark is exact. */
static __always_inline bool cut_at_nul(__u64 *word)
{
	__u64 w = *word, marks = (w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL;

	if (!marks)
		return false;
	*word = w & (((marks & -marks) >> 7) - 1);
	return true;
}

/* Copies a thread name in two word loads. Bytes after the NUL are zeroed: kernels whose
 * __set_task_comm() does not pad (strlcpy) leave an older, longer name's tail there, and hash keys
 * compare every byte. */
static __always_inline void copy_comm(char *dst, const char *src)
{
	__u64 low = *(const __u64 *)&src[0], high = *(const __u64 *)&src[8];

	if (cut_at_nul(&low))
		high = 0;
	else
		cut_at_nul(&high);
	*(__u64 *)&dst[0] = low;
	*(__u64 *)&dst[8] = high;
}

static __always_inline bool is_exec(struct sbp_syscall call)
{
	return call.abi < SBP_ABIS && (call.id == exec_ids[call.abi][0] || call.id == exec_ids[call.abi][1]);
}

/* In command mode: whether this completion is counted. A started command is armed until its
 * execve returns successfully: that return is its first counted call. */
static __always_inline bool followed_call(__u32 tgid, struct sbp_syscall call, long ret)
{
	__u8 *state = bpf_map_lookup_elem(&followed, &tgid);

	if (!state)
		return false;
	if (*state == SBP_FOLLOW_COUNTING)
		return true;
	if (!is_exec(call) || ret != 0)
		return false;
	*state = SBP_FOLLOW_COUNTING;
	return true;
}

static __always_inline bool is_error(long ret)
{
	return ret < 0 && ret >= -MAX_ERRNO;
}

/* Adds `add` to the key's count in the map, inserting the key if it is new. A full map loses the
 * completions: counted in `dropped`, which user space polls. */
static __always_inline void add_to_map(const struct sbp_key *key, const struct sbp_value *add)
{
	__u32 current = 0;
	void *map = bpf_map_lookup_elem(&count_maps, &current);
	struct sbp_value *value;
	long err;

	if (!map) /* not drained yet */
		map = &counts;
	value = bpf_map_lookup_elem(map, key);
	if (!value) {
		err = bpf_map_update_elem(map, key, add, BPF_NOEXIST);
		if (!err) {
			__sync_fetch_and_add(&inserted, 1);
			return;
		}
		/* EEXIST: another CPU inserted the key between our lookup and update. */
		value = err == -EEXIST ? bpf_map_lookup_elem(map, key) : NULL;
		if (!value) {
			__sync_fetch_and_add(&dropped, add->count);
			__sync_fetch_and_add(&refused, 1);
			return;
		}
	}
	__sync_fetch_and_add(&value->count, add->count);
	if (add->errors)
		__sync_fetch_and_add(&value->errors, add->errors);
}

static __always_inline bool same_key(const struct sbp_key *a, const struct sbp_key *b)
{
	const __u64 *x = (const __u64 *)a, *y = (const __u64 *)b;

	return x[0] == y[0] && x[1] == y[1] && x[2] == y[2] && x[3] == y[3] && x[4] == y[4];
}

/* Counts one completion in this CPU's slot for the call. Only this CPU writes its slots, and a BPF
 * program never runs twice at once on one CPU, so plain increments suffice. The atomic increments
 * of `seq` order the slot's change between them, for user space's reads. */
static __always_inline int count(const struct sbp_key *key, bool failed)
{
	__u32 index = bpf_get_smp_processor_id() * SBP_CACHE_SLOTS + (__u32)key->syscall.id % SBP_CACHE_SLOTS;
	struct sbp_cache_slot *slot = bpf_map_lookup_elem(&cache, &index);
	struct sbp_value one = { 1, failed };

	if (!slot) { /* a CPU beyond those user space sized the slots for */
		add_to_map(key, &one);
		return 0;
	}
	if (slot->value.count && same_key(&slot->key, key)) {
		slot->value.count++;
		slot->value.errors += failed;
		return 0;
	}
	__sync_fetch_and_add(&slot->seq, 1);
	if (slot->value.count)
		add_to_map(&slot->key, &slot->value);
	slot->key = *key;
	slot->value = one;
	__sync_fetch_and_add(&slot->seq, 1);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(count_sys_exit, struct pt_regs *regs, long ret)
{
	struct sbp_key key = {};
	bool failed = is_error(ret);
	struct task_struct *task;

	task = bpf_get_current_task_btf();
	key.syscall = syscall_of(regs, task);
	if (is_new_task_return(key.syscall, ret))
		return 0;
	if (failed_only && !failed)
		return 0;
	if (filter_syscall && !bpf_map_lookup_elem(&wanted_syscalls, &key.syscall))
		return 0;
	key.pid = task->tgid;
	if (follow && !followed_call(key.pid, key.syscall, ret))
		return 0;
	if (filter_pid && !bpf_map_lookup_elem(&wanted_pids, &key.pid))
		return 0;
	copy_comm(key.comm, task->comm);
	if (filter_comm && !bpf_map_lookup_elem(&wanted_comms, key.comm))
		return 0;
	if (filter_cgroup && bpf_current_task_under_cgroup(&wanted_cgroup, 0) != 1)
		return 0;
	if (by_thread)
		key.tid = task->pid;
	if (by_cgroup)
		key.cgroup = bpf_get_current_cgroup_id();
	if (by_syscall) {
		key.pid = 0;
		*(__u64 *)&key.comm[0] = 0;
		*(__u64 *)&key.comm[8] = 0;
	}
	if (by_pid) {
		key.syscall.id = 0;
		key.syscall.abi = 0;
	}

	return count(&key, failed);
}

/* A process created by a counted one is counted too, from its first instruction. */
SEC("tp_btf/sched_process_fork")
int BPF_PROG(follow_fork, struct task_struct *parent, struct task_struct *child)
{
	__u32 parent_tgid = parent->tgid, child_tgid = child->tgid;
	__u8 counting = SBP_FOLLOW_COUNTING, *state;

	if (child_tgid == parent_tgid) /* a new thread: its process is already in the set */
		return 0;
	state = bpf_map_lookup_elem(&followed, &parent_tgid);
	if (!state || *state != SBP_FOLLOW_COUNTING)
		return 0;
	/* A full set would lose the new process's calls: count that as a loss, like a full map. */
	if (bpf_map_update_elem(&followed, &child_tgid, &counting, BPF_ANY))
		__sync_fetch_and_add(&dropped, 1);
	return 0;
}

/* Forgets a process when its last thread exits, before its id can be reused. */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(follow_exit, struct task_struct *task)
{
	__u32 tgid = task->tgid;

	if (task->signal->live.counter == 0)
		bpf_map_delete_elem(&followed, &tgid);
	return 0;
}

/* The benchmark's floor: the same attach point doing nothing. Not loaded unless asked for. */
SEC("tp_btf/sys_exit")
int BPF_PROG(empty_sys_exit)
{
	return 0;
}
