/* The ABI shared by the BPF program (syscallbypid.bpf.c) and the addon (native/): the count map's
 * key and value, the filter maps' keys, and the default bound. Hash keys are compared byte by
 * byte, so the key has no padding. */
#ifndef SYSCALLBYPID_H
#define SYSCALLBYPID_H

#include <linux/types.h>

#define SBP_COMM_LEN 16 /* TASK_COMM_LEN */
#define SBP_DEFAULT_MAX_ENTRIES 2048
/* fork, vfork, clone, clone3: the calls that return a second time, in the new task. */
#define SBP_FORK_IDS 4
/* execve, execveat: where counting of a started command begins. */
#define SBP_EXEC_IDS 2

/* States of a process in the followed set (command mode, --follow). */
enum sbp_follow_state {
	SBP_FOLLOW_ARMED = 1,    /* started by the tool, not yet exec'd: counts from its execve's return */
	SBP_FOLLOW_COUNTING = 2, /* counted, and so are the processes it creates */
};

/* The syscall ABIs the BPF program tells apart: which table a call's number belongs to. */
enum sbp_abi {
	SBP_ABI_NATIVE = 0, /* the kernel's own: x86_64 on x86_64, arm64 on arm64 */
	SBP_ABI_COMPAT = 1, /* 32-bit programs on a 64-bit kernel: i386 on x86_64 (int 0x80, sysenter) */
	SBP_ABI_X32 = 2,    /* x86_64's x32: the 64-bit syscall instruction with __X32_SYSCALL_BIT set */
	SBP_ABIS = 3,
};

/* A call as the kernel dispatched it: a number in one ABI's table. Also the syscall filter's key. */
struct sbp_syscall {
	__s32 id;  /* -1 for rt_sigreturn and calls a tracer skipped; x32's bit is cleared */
	__u32 abi; /* enum sbp_abi */
};

/* 8-byte aligned, so that the BPF side can store the name as two whole words. */
struct sbp_key {
	__u32 pid;               /* thread-group id, what ps calls PID */
	__u32 tid;               /* thread id when counting by thread, else 0 */
	char comm[SBP_COMM_LEN]; /* name of the calling thread, NUL-padded */
	struct sbp_syscall syscall;
	__u64 cgroup; /* cgroup v2 id when counting by cgroup (the exporter's label), else 0 */
} __attribute__((aligned(8)));

struct sbp_value {
	__u64 count;  /* completions */
	__u64 errors; /* of which returned an error (-4095..-1) */
};

/* --time's histogram: bucket b holds the calls of at most 2^(SBP_TIME_LOG2_FIRST + b) ns (Prometheus
 * `le`), the previous bucket's excluded; the last one, SBP_TIME_BOUNDS, those above every bound. */
#define SBP_TIME_LOG2_FIRST 10 /* 1.024 us */
#define SBP_TIME_LOG2_LAST 33  /* 8.59 s */
#define SBP_TIME_BOUNDS (SBP_TIME_LOG2_LAST - SBP_TIME_LOG2_FIRST + 1)
#define SBP_TIME_BUCKETS (SBP_TIME_BOUNDS + 1)

/* The bucket of a call that took `ns`: the first whose bound it does not exceed. The BPF program and the
 * addon's bounds (and test/unit/time-buckets.test.ts) share it. BPF has no clz: six halvings. */
static inline __u32 sbp_time_bucket(__u64 ns)
{
	__u64 v;
	__u32 bits = 0;

	if (ns <= (1ULL << SBP_TIME_LOG2_FIRST))
		return 0;
	v = ns - 1; /* 2^k < ns <= 2^(k+1): v has k+1 bits */
	if (v >> 32) {
		v >>= 32;
		bits += 32;
	}
	if (v >> 16) {
		v >>= 16;
		bits += 16;
	}
	if (v >> 8) {
		v >>= 8;
		bits += 8;
	}
	if (v >> 4) {
		v >>= 4;
		bits += 4;
	}
	if (v >> 2) {
		v >>= 2;
		bits += 2;
	}
	if (v >> 1) {
		v >>= 1;
		bits += 1;
	}
	bits += v; /* bits of ns - 1 */
	return bits - SBP_TIME_LOG2_FIRST > SBP_TIME_BOUNDS ? SBP_TIME_BOUNDS : bits - SBP_TIME_LOG2_FIRST;
}

/* A key's counts with --time: the calls whose entry the program saw are timed, from that entry to the
 * completion. count - timed: calls already in flight when tracing began. */
struct sbp_time_value {
	__u64 count;
	__u64 errors;
	__u64 timed;   /* of count */
	__u64 time_ns; /* the timed calls' durations added up */
	__u64 max_ns;  /* the longest timed call */
};

/* With --histogram: the same, then the timed calls by duration (the hist_ count maps hold these). */
struct sbp_hist_value {
	__u64 count;
	__u64 errors;
	__u64 timed;
	__u64 time_ns;
	__u64 max_ns;
	__u64 buckets[SBP_TIME_BUCKETS];
};

/* Each CPU keeps its latest counts in a few slots in front of the count map, and moves a slot's
 * count into the map only when the slot is needed for another key: a tight loop of one call then
 * costs a compare and an increment instead of a hash lookup and an atomic add on a shared line.
 * User space adds the slots to the map's counts when it reads them. */
#define SBP_CPU_SLOTS 8 /* per CPU; a call takes slot (number % SBP_CPU_SLOTS) of its CPU */

struct sbp_cpu_slot {
	struct sbp_key key;
	struct sbp_value value; /* count 0: the slot is empty */
	__u64 seq;              /* odd while the slot's count moves to the map and it changes key */
};

/* A CPU's slot with --time: the same protocol. seq comes before the value so that without a histogram a
 * call touches the first two cache lines only. */
struct sbp_time_slot {
	struct sbp_key key;
	__u64 seq;
	struct sbp_hist_value value; /* count 0: the slot is empty; buckets only with --histogram */
	__u64 pad[4];                /* whole cache lines */
};

#ifdef __cplusplus
#define SBP_STATIC_ASSERT static_assert
#else
#define SBP_STATIC_ASSERT _Static_assert
#endif
SBP_STATIC_ASSERT(sizeof(struct sbp_syscall) == 8, "struct sbp_syscall must have no padding");
SBP_STATIC_ASSERT(sizeof(struct sbp_key) == 4 + 4 + SBP_COMM_LEN + 8 + 8, "struct sbp_key must have no padding");
SBP_STATIC_ASSERT(sizeof(struct sbp_value) == 16, "struct sbp_value must have no padding");
SBP_STATIC_ASSERT(sizeof(struct sbp_cpu_slot) == 64, "struct sbp_cpu_slot must fill one cache line");
SBP_STATIC_ASSERT(sizeof(struct sbp_time_value) == 40, "struct sbp_time_value must have no padding");
SBP_STATIC_ASSERT(__builtin_offsetof(struct sbp_hist_value, max_ns) ==
                                  __builtin_offsetof(struct sbp_time_value, max_ns) &&
                          __builtin_offsetof(struct sbp_hist_value, buckets) == sizeof(struct sbp_time_value),
                  "struct sbp_time_value must be the first part of struct sbp_hist_value");
SBP_STATIC_ASSERT(sizeof(struct sbp_hist_value) == 40 + SBP_TIME_BUCKETS * 8,
                  "struct sbp_hist_value must have no padding");
SBP_STATIC_ASSERT(sizeof(struct sbp_time_slot) == 5 * 64, "struct sbp_time_slot must fill whole cache lines");

#endif
