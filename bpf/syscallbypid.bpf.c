// SPDX-License-Identifier: MIT OR GPL-2.0-only
/* Counts syscall completions per (process, thread name, syscall ABI and number) in a bounded hash
 * map, keeping only the wanted ones: the filters run here, so unwanted keys never take a map entry.
 * The map is reached through a one-slot map of maps, so that user space can swap in an empty one
 * and drain the old one once no program can still be writing it: the map holds only the keys that
 * appeared since the last drain, and counts that left it add up in user space.
 * Each CPU counts its latest keys in a few slots in front of the map and moves a slot's count into
 * the map when the slot is wanted for another key (user space adds what the slots hold). A count
 * that finds the map full is added to `dropped_syscalls`, which user space reads: a full map must
 * never undercount silently. User space sleeps until the program wakes it (`wakeups`): when the map
 * is due for a drain, or when counts are first lost. */
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

/* A task's ids in each PID namespace it is seen from: numbers[i] in the namespace of level i. */
struct ns_common {
	unsigned int inum;
} __attribute__((preserve_access_index));

struct pid_namespace {
	struct ns_common ns;
} __attribute__((preserve_access_index));

struct upid {
	int nr;
	struct pid_namespace *ns;
} __attribute__((preserve_access_index));

struct pid {
	unsigned int level; /* of the task's own namespace */
	struct upid numbers[1];
} __attribute__((preserve_access_index));

struct task_struct {
	struct thread_info thread_info;
	int pid;
	int tgid;
	char comm[SBP_COMM_LEN];
	struct signal_struct *signal;
	struct task_struct *group_leader;
	struct pid *thread_pid;
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
/* When syscallbypid runs in a PID namespace other than the initial one (its nsfs inode): PIDs are
 * the ones it sees there, and tasks it cannot see (outside the namespace) are not counted. */
const volatile bool in_pid_ns = false;
const volatile __u32 pid_ns_inum = 0;
/* Summaries: a key per syscall and ABI (pid and name zero), or per process and name (syscall zero). */
const volatile bool by_syscall = false;
const volatile bool by_pid = false;
/* --histogram (with --time): also count each timed call in its duration's bucket. */
const volatile bool histogram = false;

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

/* The CPUs' slots (struct sbp_cpu_slot), SBP_CPU_SLOTS a CPU; sized by user space, which reads
 * them through a memory mapping. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, SBP_CPU_SLOTS);
	__type(key, __u32);
	__type(value, struct sbp_cpu_slot);
} cpu_slots SEC(".maps");

/* --time: the same three with timed values (struct sbp_time_value), and with --histogram (struct
 * sbp_hist_value). One set of the three is created: counts without --time, time_ with it, hist_ with
 * --histogram. */
struct time_count_map {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SBP_DEFAULT_MAX_ENTRIES);
	__type(key, struct sbp_key);
	__type(value, struct sbp_time_value);
} time_counts SEC(".maps"), time_counts_spare SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct time_count_map);
} time_count_maps SEC(".maps");

struct hist_count_map {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SBP_DEFAULT_MAX_ENTRIES);
	__type(key, struct sbp_key);
	__type(value, struct sbp_hist_value);
} hist_counts SEC(".maps"), hist_counts_spare SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct hist_count_map);
} hist_count_maps SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, SBP_CPU_SLOTS);
	__type(key, __u32);
	__type(value, struct sbp_time_slot);
} time_slots SEC(".maps");

/* --time: when the call the CPU's running thread is in entered (bpf_ktime_get_ns()), and which thread
 * (its saved registers' address, one per task: its kernel stack). 0 once its completion took it, or once
 * the thread was switched out, which moves it into entry_stamps: the switch program runs at every switch
 * and is attached before the stamping one. Most calls complete without a switch and their stamp never
 * leaves the CPU: no task storage lookup on their path (two helper calls a syscall, and in a VM a
 * helper call costs about as much as the clock read). */
struct entry_stamp {
	__u64 regs;
	__u64 ns;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct entry_stamp);
} cpu_stamps SEC(".maps");

/* --time: the entry stamp of a thread switched out during its call (blocked, preempted), 0 once its
 * completion took it. Task storage: one per such thread, freed with the thread (or the map); it cannot
 * fill up as a hash map would. */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u64);
} entry_stamps SEC(".maps");

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

/* An execve that switches ABI (64-bit to i386, say) is named in the ABI it was called in: its
 * number and ABI as called, kept by the exec from a point before the new ABI is set until its
 * sys_exit takes it. Freed with the task. */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct sbp_syscall);
} exec_calls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} wanted_cgroup SEC(".maps");

/* Completions lost because the count map was full, and the keys whose insertion it refused. */
__u64 dropped_syscalls = 0;
__u64 dropped_keys = 0;
/* Processes created by followed ones that the full `followed` set could not take: not counted. */
__u64 unfollowed_processes = 0;
/* Execs that switched ABI and whose sys_exit has not taken the call from exec_calls yet. */
__s64 crossings = 0;
/* With in_pid_ns: the level of syscallbypid's namespace, learnt from the first task seen in it (the
 * tool's own calls, which user space makes sure of before relying on it); 0 until then. */
__u32 pid_ns_level = 0;
/* Keys inserted into the count maps: less the keys drained, the entries in use, which user space
 * reads through the memory-mapped .bss. */
__u64 inserted = 0;
/* The `inserted` count at which the map in use is due for a drain, set by user space after each
 * drain (0: never). Reaching it wakes user space, which then sleeps between drains rather than
 * polling the fill. */
__u64 drain_at = 0;
/* --time: set by user space once every program is attached. The completion program attaches first and,
 * until then, only takes the stamps of the calls that complete, counting nothing: a stamp never
 * outlives its own call's completion (else a later call that completes without entering, one seccomp
 * refuses, would be timed from it). */
bool counting = false;

/* User space waits on this ring: a record is a wake-up, when the map is due for a drain or counts
 * are first lost. Its content does not matter. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} wakeups SEC(".maps");

static __always_inline void wake_user_space(void)
{
	__u8 wake = 1;

	bpf_ringbuf_output(&wakeups, &wake, sizeof(wake), 0);
}

/* A key inserted into a count map. The fetch is fully ordered: user space stores drain_at and then
 * reads `inserted`, so either this reads the new drain_at or user space sees the count past it. */
static __always_inline void note_inserted(void)
{
	if (__sync_fetch_and_add(&inserted, 1) + 1 == drain_at)
		wake_user_space();
}

/* A key the full map refused, with the completions it had. */
static __always_inline void note_refused(__u64 completions)
{
	__sync_fetch_and_add(&dropped_syscalls, completions);
	if (__sync_fetch_and_add(&dropped_keys, 1) == 0)
		wake_user_space();
}

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

/* The id of `pid` in syscallbypid's PID namespace; false if that namespace cannot see it. */
static __always_inline bool ns_id(struct pid *pid, __u32 *id)
{
	__u32 level = pid_ns_level;
	unsigned long numbers;
	struct pid_namespace *ns;
	unsigned int inum;
	int nr;

	if (!level || !pid || pid->level < level || level > 63)
		return false;
	/* numbers[level]: a variable index, so read as memory rather than through the BTF pointer. */
	numbers = (unsigned long)pid + bpf_core_field_offset(struct pid, numbers) +
	          level * bpf_core_type_size(struct upid);
	if (bpf_probe_read_kernel(&ns, sizeof(ns), (void *)(numbers + bpf_core_field_offset(struct upid, ns))) ||
	    bpf_probe_read_kernel(&inum, sizeof(inum), &ns->ns.inum) || inum != pid_ns_inum ||
	    bpf_probe_read_kernel(&nr, sizeof(nr), (void *)(numbers + bpf_core_field_offset(struct upid, nr))))
		return false;
	*id = nr;
	return true;
}

/* The task's process id as syscallbypid sees it; false if it cannot see the task. */
static __always_inline bool tgid_of(struct task_struct *task, __u32 *tgid)
{
	if (!in_pid_ns) {
		*tgid = task->tgid;
		return true;
	}
	return ns_id(task->group_leader->thread_pid, tgid);
}

/* Learns pid_ns_level from a task of syscallbypid's own namespace. */
static __always_inline void learn_pid_ns_level(struct task_struct *task)
{
	struct pid *pid = task->thread_pid;
	unsigned int level = pid->level, inum;
	struct pid_namespace *ns;

	if (level == 0 || level > 63)
		return;
	if (bpf_probe_read_kernel(&ns, sizeof(ns),
	                          (void *)((unsigned long)pid + bpf_core_field_offset(struct pid, numbers) +
	                                   level * bpf_core_type_size(struct upid) +
	                                   bpf_core_field_offset(struct upid, ns))) ||
	    bpf_probe_read_kernel(&inum, sizeof(inum), &ns->ns.inum))
		return;
	if (inum == pid_ns_inum)
		pid_ns_level = level;
}

/* The exec's own sys_exit: the call as it was made, if the exec switched ABI (see exec_calls). */
static __always_inline void take_exec_call(struct task_struct *task, struct sbp_syscall *call)
{
	struct sbp_syscall *called = bpf_task_storage_get(&exec_calls, task, 0, 0);

	if (!called)
		return;
	*call = *called;
	bpf_task_storage_delete(&exec_calls, task);
	__sync_fetch_and_add(&crossings, -1);
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

/* Command mode and --follow: a started command is armed until its execve returns successfully,
 * which makes it counted. Runs before any filter: what the view shows must not decide what is followed. */
static __always_inline void arm_on_exec(__u32 tgid)
{
	__u8 *state = bpf_map_lookup_elem(&followed, &tgid);

	if (state && *state == SBP_FOLLOW_ARMED)
		*state = SBP_FOLLOW_COUNTING;
}

/* Whether the process is counted: its successful execve, the first counted call, armed it above. */
static __always_inline bool followed_call(__u32 tgid)
{
	__u8 *state = bpf_map_lookup_elem(&followed, &tgid);

	return state && *state == SBP_FOLLOW_COUNTING;
}

static __always_inline bool is_error(long ret)
{
	return ret < 0 && ret >= -MAX_ERRNO;
}

/* Adds `add` to the key's count in the map, inserting the key if it is new. A full map loses the
 * completions: counted in `dropped_syscalls` (note_refused). */
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
			note_inserted();
			return;
		}
		/* EEXIST: another CPU inserted the key between our lookup and update. */
		value = err == -EEXIST ? bpf_map_lookup_elem(map, key) : NULL;
		if (!value) {
			note_refused(add->count);
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

/* Steps a slot's seq. A value-returning atomic is a fetch form, fully ordered in the BPF memory model
 * (arm64 JITs it with barriers); the result-less `lock +=` is relaxed there. The empty asm uses it. */
static __always_inline void step_seq(__u64 *seq)
{
	__u64 before = __sync_fetch_and_add(seq, 1);

	asm volatile("" : : "r"(before));
}

/* Counts one completion in this CPU's slot for the call. Only this CPU writes its slots, and a BPF
 * program never runs twice at once on one CPU, so plain increments suffice. The ordered steps of
 * `seq` fence the slot's change between them, for user space's reads. */
static __always_inline int count(const struct sbp_key *key, bool failed)
{
	__u32 index = bpf_get_smp_processor_id() * SBP_CPU_SLOTS + (__u32)key->syscall.id % SBP_CPU_SLOTS;
	struct sbp_cpu_slot *slot = bpf_map_lookup_elem(&cpu_slots, &index);
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
	step_seq(&slot->seq);
	if (slot->value.count)
		add_to_map(&slot->key, &slot->value);
	slot->key = *key;
	slot->value = one;
	step_seq(&slot->seq);
	return 0;
}

/* Fills the key of the completed call; false if the call is not counted (the new task's return from a
 * fork-family call, or filtered out). */
static __always_inline bool key_of(struct pt_regs *regs, long ret, bool failed, struct task_struct *task,
                                   struct sbp_key *key)
{
	if (in_pid_ns && !pid_ns_level)
		learn_pid_ns_level(task);
	key->syscall = syscall_of(regs, task);
	if (crossings && ret == 0) /* one load; not 0 only for microseconds after an exec that switched ABI */
		take_exec_call(task, &key->syscall);
	if (is_new_task_return(key->syscall, ret))
		return false;
	if (follow && ret == 0 && is_exec(key->syscall) && tgid_of(task, &key->pid))
		arm_on_exec(key->pid);
	if (failed_only && !failed)
		return false;
	if (filter_syscall && !bpf_map_lookup_elem(&wanted_syscalls, &key->syscall))
		return false;
	if (!tgid_of(task, &key->pid))
		return false;
	if (follow && !followed_call(key->pid))
		return false;
	if (filter_pid && !bpf_map_lookup_elem(&wanted_pids, &key->pid))
		return false;
	copy_comm(key->comm, task->comm);
	if (filter_comm && !bpf_map_lookup_elem(&wanted_comms, key->comm))
		return false;
	if (filter_cgroup && bpf_current_task_under_cgroup(&wanted_cgroup, 0) != 1)
		return false;
	if (by_thread && !in_pid_ns)
		key->tid = task->pid;
	else if (by_thread && !ns_id(task->thread_pid, &key->tid))
		return false;
	if (by_cgroup)
		key->cgroup = bpf_get_current_cgroup_id();
	if (by_syscall) {
		key->pid = 0;
		*(__u64 *)&key->comm[0] = 0;
		*(__u64 *)&key->comm[8] = 0;
	}
	if (by_pid) {
		key->syscall.id = 0;
		key->syscall.abi = 0;
	}
	return true;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(count_sys_exit, struct pt_regs *regs, long ret)
{
	struct sbp_key key = {};
	bool failed = is_error(ret);

	if (!key_of(regs, ret, failed, bpf_get_current_task_btf(), &key))
		return 0;
	return count(&key, failed);
}

/* --time: stamps the thread's entry into each call, in the CPU's slot. Every call, unfiltered: the
 * filters cost more than the stamp, and the completion decides. */
SEC("tp_btf/sys_enter")
int BPF_PROG(stamp_sys_enter, struct pt_regs *regs)
{
	__u32 zero = 0;
	struct entry_stamp *stamp = bpf_map_lookup_elem(&cpu_stamps, &zero);

	if (stamp) {
		stamp->regs = (__u64)regs;
		stamp->ns = bpf_ktime_get_ns();
	}
	return 0;
}

/* --time: a thread switched out during a call takes its stamp along, into its task storage; the CPU's
 * slot is left empty for the next thread. */
SEC("tp_btf/sched_switch")
int BPF_PROG(stash_stamp, bool preempt, struct task_struct *prev)
{
	__u32 zero = 0;
	struct entry_stamp *stamp = bpf_map_lookup_elem(&cpu_stamps, &zero);
	__u64 *kept;

	if (!stamp || !stamp->ns)
		return 0;
	kept = bpf_task_storage_get(&entry_stamps, prev, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (kept)
		*kept = stamp->ns;
	stamp->ns = 0;
	return 0;
}

/* The duration of the call completing now, from its entry stamp (the CPU's slot, or the thread's task
 * storage if it was switched out since), which it takes so that no other completion can use it (a
 * call seccomp refuses completes without entering). False if there is none: the call was in flight
 * when tracing began, seccomp refused it, or the task is new. */
static __always_inline bool take_duration(struct pt_regs *regs, struct task_struct *task, __u64 *ns)
{
	__u32 zero = 0;
	struct entry_stamp *stamp = bpf_map_lookup_elem(&cpu_stamps, &zero);
	__u64 *kept;

	if (stamp && stamp->ns && stamp->regs == (__u64)regs) {
		*ns = bpf_ktime_get_ns() - stamp->ns;
		stamp->ns = 0;
		return true;
	}
	kept = bpf_task_storage_get(&entry_stamps, task, 0, 0);
	if (!kept || !*kept)
		return false;
	*ns = bpf_ktime_get_ns() - *kept;
	*kept = 0;
	return true;
}

/* Raises *max to `ns` unless it is larger already: exact however many CPUs race (each failed exchange
 * saw a larger value another CPU wrote, so a few tries suffice; the bound is for the verifier). */
static __always_inline void raise_max(__u64 *max, __u64 ns)
{
	__u64 seen = *max;

	for (int i = 0; i < 64 && ns > seen; i++) {
		__u64 was = __sync_val_compare_and_swap(max, seen, ns);

		if (was == seen)
			break;
		seen = was;
	}
}

/* add_to_map() for timed values. Without --histogram the map's values (struct sbp_time_value) are the
 * first part of `add`: the insertion copies that much, and the buckets are not touched. */
static __always_inline void add_time_to_map(const struct sbp_key *key, const struct sbp_hist_value *add)
{
	__u32 current = 0;
	struct sbp_hist_value *value;
	void *map;
	long err;

	if (histogram) {
		map = bpf_map_lookup_elem(&hist_count_maps, &current);
		if (!map) /* not drained yet */
			map = &hist_counts;
	} else {
		map = bpf_map_lookup_elem(&time_count_maps, &current);
		if (!map)
			map = &time_counts;
	}
	value = bpf_map_lookup_elem(map, key);
	if (!value) {
		err = bpf_map_update_elem(map, key, add, BPF_NOEXIST);
		if (!err) {
			note_inserted();
			return;
		}
		value = err == -EEXIST ? bpf_map_lookup_elem(map, key) : NULL;
		if (!value) {
			note_refused(add->count);
			return;
		}
	}
	__sync_fetch_and_add(&value->count, add->count);
	if (add->errors)
		__sync_fetch_and_add(&value->errors, add->errors);
	if (!add->timed)
		return;
	__sync_fetch_and_add(&value->timed, add->timed);
	__sync_fetch_and_add(&value->time_ns, add->time_ns);
	raise_max(&value->max_ns, add->max_ns);
	if (histogram)
		for (int b = 0; b < SBP_TIME_BUCKETS; b++)
			if (add->buckets[b])
				__sync_fetch_and_add(&value->buckets[b], add->buckets[b]);
}

/* Adds one completion, timed (`ns` long) or not, to a timed value. */
static __always_inline void add_call(struct sbp_hist_value *value, bool failed, bool timed, __u64 ns)
{
	__u32 bucket;

	value->count++;
	value->errors += failed;
	if (!timed)
		return;
	value->timed++;
	value->time_ns += ns;
	if (ns > value->max_ns)
		value->max_ns = ns;
	if (histogram) {
		bucket = sbp_time_bucket(ns);
		if (bucket < SBP_TIME_BUCKETS)
			value->buckets[bucket]++;
	}
}

/* count() for timed values: the same slots protocol, in time_slots. */
static __always_inline int count_time(const struct sbp_key *key, bool failed, bool timed, __u64 ns)
{
	__u32 index = bpf_get_smp_processor_id() * SBP_CPU_SLOTS + (__u32)key->syscall.id % SBP_CPU_SLOTS;
	struct sbp_time_slot *slot = bpf_map_lookup_elem(&time_slots, &index);

	if (!slot) { /* a CPU beyond those user space sized the slots for */
		struct sbp_hist_value one = {};

		add_call(&one, failed, timed, ns);
		add_time_to_map(key, &one);
		return 0;
	}
	if (slot->value.count && same_key(&slot->key, key)) {
		add_call(&slot->value, failed, timed, ns);
		return 0;
	}
	step_seq(&slot->seq);
	if (slot->value.count)
		add_time_to_map(&slot->key, &slot->value);
	slot->key = *key;
	slot->value.count = 0;
	slot->value.errors = 0;
	slot->value.timed = 0;
	slot->value.time_ns = 0;
	slot->value.max_ns = 0;
	if (histogram)
		__builtin_memset(slot->value.buckets, 0, sizeof(slot->value.buckets));
	add_call(&slot->value, failed, timed, ns);
	step_seq(&slot->seq);
	return 0;
}

/* --time: count_sys_exit that also times the call from its entry's stamp (once `counting`). No stamp:
 * counted, not timed. */
SEC("tp_btf/sys_exit")
int BPF_PROG(time_sys_exit, struct pt_regs *regs, long ret)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct sbp_key key = {};
	bool failed = is_error(ret);
	__u64 ns = 0;
	bool timed = take_duration(regs, task, &ns);

	if (!key_of(regs, ret, failed, task, &key) || !counting) /* key_of() also takes an exec's call: always */
		return 0;
	return count_time(&key, failed, timed, ns);
}

/* A process created by a counted one is counted too, from its first instruction. */
SEC("tp_btf/sched_process_fork")
int BPF_PROG(follow_fork, struct task_struct *parent, struct task_struct *child)
{
	__u32 parent_tgid, child_tgid;
	__u8 counting = SBP_FOLLOW_COUNTING, *state;

	if (child->tgid == parent->tgid) /* a new thread: its process is already in the set */
		return 0;
	if (!tgid_of(parent, &parent_tgid) || !tgid_of(child, &child_tgid))
		return 0;
	state = bpf_map_lookup_elem(&followed, &parent_tgid);
	if (!state || *state != SBP_FOLLOW_COUNTING)
		return 0;
	/* A full set loses the new process's calls: a loss of its own, not the count map's. */
	if (bpf_map_update_elem(&followed, &child_tgid, &counting, BPF_ANY) &&
	    __sync_fetch_and_add(&unfollowed_processes, 1) == 0)
		wake_user_space();
	return 0;
}

/* Forgets a process when its last thread exits, before its id can be reused. */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(follow_exit, struct task_struct *task)
{
	__u32 tgid;

	if (task->signal->live.counter == 0 && tgid_of(task, &tgid))
		bpf_map_delete_elem(&followed, &tgid);
	return 0;
}

/* An exec sets the new program's ABI (TS_COMPAT, and orig_ax to the new ABI's execve) before its
 * sys_exit, so that an exec switching ABI would be named in the new one, and numbers cannot tell
 * (i386's 11 is x86_64's munmap). The exec renames the task before it sets the new ABI: there, the
 * call is still as it was made. Keep it; once the new ABI is set, keep it only if it differs. */
SEC("tp_btf/task_rename")
int BPF_PROG(note_exec_call, struct task_struct *task, const char *comm)
{
	struct task_struct *current = bpf_get_current_task_btf();
	struct sbp_syscall call, *kept;

	/* Only x86 has several ABIs here; bpf_task_pt_regs() came in Linux 5.15. */
	if (!bpf_core_field_exists(((struct pt_regs___x86 *)0)->orig_ax) ||
	    !bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_task_pt_regs) || task != current)
		return 0;
	call = syscall_of((struct pt_regs *)bpf_task_pt_regs(current), current);
	if (!is_exec(call)) /* a rename by prctl() or /proc/PID/comm */
		return 0;
	kept = bpf_task_storage_get(&exec_calls, current, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (kept)
		*kept = call;
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(judge_exec_call, struct task_struct *task, int old_pid, void *bprm)
{
	struct task_struct *current = bpf_get_current_task_btf();
	struct sbp_syscall *called, now;

	if (!bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_task_pt_regs))
		return 0;
	called = bpf_task_storage_get(&exec_calls, current, 0, 0);
	if (!called)
		return 0;
	now = syscall_of((struct pt_regs *)bpf_task_pt_regs(current), current);
	if (now.id == called->id && now.abi == called->abi)
		bpf_task_storage_delete(&exec_calls, current);
	else
		__sync_fetch_and_add(&crossings, 1);
	return 0;
}

/* The benchmark's floor: the same attach point doing nothing. Not loaded unless asked for. */
SEC("tp_btf/sys_exit")
int BPF_PROG(floor_sys_exit)
{
	return 0;
}

/* With --time, the floor does nothing at the entry too. */
SEC("tp_btf/sys_enter")
int BPF_PROG(floor_sys_enter)
{
	return 0;
}

/* The clock's part of --time: with --time's own entry program (stamp_sys_enter), a completion that reads
 * the clock and does nothing else; what every tracer that times calls pays. */
SEC("tp_btf/sys_exit")
int BPF_PROG(clock_sys_exit)
{
	__u32 zero = 0;
	struct entry_stamp *stamp = bpf_map_lookup_elem(&cpu_stamps, &zero);

	if (stamp)
		stamp->ns = bpf_ktime_get_ns() - stamp->ns;
	return 0;
}
