// The options object JavaScript passes to `new Tracer(...)`, checked field by field: types,
// ranges, lengths and no NUL inside strings. Anything else is a TypeError or RangeError.
#pragma once

#include <napi.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "../bpf/syscallbypid.h"

namespace sbp {

struct TracerOptions {
  uint32_t max_entries = SBP_DEFAULT_MAX_ENTRIES;
  std::string btf_path;                               // empty: the running kernel's /sys/kernel/btf/vmlinux
  bool by_thread = false;                             // key by thread id too
  bool by_cgroup = false;                             // key by cgroup v2 id too (the exporter's cgroup label)
  bool by_syscall = false;                            // key by syscall only (--by syscall): pid and thread name zero
  bool by_pid = false;                                // key by process and thread name only (--by pid): syscall zero
  bool drain = false;                                 // create the spare count map that drain() swaps in (the exporter)
  uint32_t drain_at = 0;                              // with drain: entries in use at which onWake's callback runs (0: never)
  bool key_ids = false;                               // drain() and read() give each key its id (the key column)
  bool failed_only = false;                           // count only calls that returned an error
  std::vector<uint32_t> pids;                         // empty: every process
  std::vector<std::array<char, SBP_COMM_LEN>> comms;  // empty: every thread name; NUL-padded
  std::vector<sbp_syscall> syscalls;                  // empty: every syscall
  std::string cgroup_path;                            // empty: every cgroup
  bool follow = false;                                // count only processes in the followed set (command mode, --follow)
  bool floor = false;                                 // attach floor_sys_exit (does nothing) instead of the counter: the benchmark's floor
  bool time = false;       // time each call from its entry (stamp_sys_enter, stash_stamp, time_sys_exit); with floor: floor_sys_enter too
  bool histogram = false;  // also keep each key's log2 histogram of durations; implies time
  bool clock = false;      // with floor and time: stamp_sys_enter and clock_sys_exit, the clock reads of time alone
};

// At most this many values in one filter list.
constexpr size_t kMaxFilterValues = 65536;

TracerOptions ParseTracerOptions(const Napi::CallbackInfo& info);

}  // namespace sbp
