// The CPUs' count slots (struct sbp_cpu_slot in bpf/syscallbypid.h), memory-mapped read-only from
// the BPF program's `cpu_slots` map: counts that the program has not moved into the count map yet.
#pragma once

#include <cstddef>
#include <vector>

#include "../bpf/syscallbypid.h"

namespace sbp {

struct Count {
  sbp_key key;
  sbp_value value;
};

class CpuSlots {
 public:
  CpuSlots() = default;
  CpuSlots(const CpuSlots&) = delete;
  CpuSlots& operator=(const CpuSlots&) = delete;
  ~CpuSlots();

  // Maps the `slots` slots of the array map `map_fd`; 0, or a negative errno.
  int Map(int map_fd, size_t slots);
  void Unmap();

  // Appends the count of every slot in use. Each slot is read whole: not while the program is
  // moving its count into the map (seq odd) and with seq unchanged across the copy, so a count is
  // never seen both in its slot and in the map. A slot that stays busy is left out while counting
  // goes on: its count is in flight, like one the program moves after the map was read. Once
  // settled, it waits for the slot. 0, or -EBUSY if a settled slot stayed busy for seconds.
  int AppendTo(std::vector<Count>& counts) const;

  // No program run starts any more (detached): reads wait for the runs in flight.
  void Settle() { settled_ = true; }

 private:
  const sbp_cpu_slot* slots_ = nullptr;
  size_t count_ = 0;
  size_t bytes_ = 0;
  bool settled_ = false;
};

}  // namespace sbp
