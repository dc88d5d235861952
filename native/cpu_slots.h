// The CPUs' count slots (struct sbp_cpu_slot in bpf/syscallbypid.h), memory-mapped read-only from
// the BPF program's `cpu_slots` map: counts that the program has not moved into the count map yet.
// With --time, the same for struct sbp_time_slot and `time_slots`.
#pragma once

#include <cstddef>
#include <vector>

#include "../bpf/syscallbypid.h"

namespace sbp {

// A key and its counts: Value is sbp_value, or with --time sbp_time_value, or sbp_hist_value with --histogram.
template <typename Value>
struct CountOf {
  sbp_key key;
  Value value;
};

using Count = CountOf<sbp_value>;

// Slots of type Slot (sbp_cpu_slot, or sbp_time_slot) read as counts of type Value, the first part of the
// slot's value (a timed slot's buckets are read only with --histogram). Instantiated in cpu_slots.cc.
template <typename Slot, typename Value = decltype(Slot::value)>
class CpuSlotsOf {
 public:
  static_assert(sizeof(Value) <= sizeof(Slot::value), "a count is the first part of a slot's value");

  CpuSlotsOf() = default;
  CpuSlotsOf(const CpuSlotsOf&) = delete;
  CpuSlotsOf& operator=(const CpuSlotsOf&) = delete;
  ~CpuSlotsOf();

  // Maps the `slots` slots of the array map `map_fd`; 0, or a negative errno.
  int Map(int map_fd, size_t slots);
  void Unmap();

  // Appends the count of every slot in use. Each slot is read whole: not while the program is
  // moving its count into the map (seq odd) and with seq unchanged across the copy, so a count is
  // never seen both in its slot and in the map. A slot that stays busy is left out while counting
  // goes on: its count is in flight, like one the program moves after the map was read. Once
  // settled, it waits for the slot. 0, or -EBUSY if a settled slot stayed busy for seconds.
  int AppendTo(std::vector<CountOf<Value>>& counts) const;

  // No program run starts any more (detached): reads wait for the runs in flight.
  void Settle() { settled_ = true; }

 private:
  const Slot* slots_ = nullptr;
  size_t count_ = 0;
  size_t bytes_ = 0;
  bool settled_ = false;
};

using CpuSlots = CpuSlotsOf<sbp_cpu_slot>;

// The slots that hold counts of type Value.
template <typename Value>
struct SlotFor;
template <>
struct SlotFor<sbp_value> {
  using type = sbp_cpu_slot;
};
template <>
struct SlotFor<sbp_time_value> {
  using type = sbp_time_slot;
};
template <>
struct SlotFor<sbp_hist_value> {
  using type = sbp_time_slot;
};
template <typename Value>
using SlotsFor = CpuSlotsOf<typename SlotFor<Value>::type, Value>;

// Adds one key's counts to another's: sums, and the longest call the longest of both.
inline void AddTo(sbp_value& total, const sbp_value& more) {
  total.count += more.count;
  total.errors += more.errors;
}

template <typename TimeValue>  // sbp_time_value or sbp_hist_value
inline void AddTimeTo(TimeValue& total, const TimeValue& more) {
  total.count += more.count;
  total.errors += more.errors;
  total.timed += more.timed;
  total.time_ns += more.time_ns;
  if (more.max_ns > total.max_ns) total.max_ns = more.max_ns;
}

inline void AddTo(sbp_time_value& total, const sbp_time_value& more) { AddTimeTo(total, more); }

inline void AddTo(sbp_hist_value& total, const sbp_hist_value& more) {
  AddTimeTo(total, more);
  for (int b = 0; b < SBP_TIME_BUCKETS; b++) total.buckets[b] += more.buckets[b];
}

}  // namespace sbp
