// Reading the counts: the count map's entries plus the CPUs' slots, one per key, in key order.
#pragma once

#include <cstdint>
#include <vector>

#include "cpu_slots.h"

namespace sbp {

// 0, or a negative errno (from the map read, or -EBUSY from the slots).
int ReadCounts(int map_fd, uint32_t max_entries, const CpuSlots& slots, std::vector<Count>& counts);

// Moves every entry of a count map no program writes any more into `counts` (appended, in the
// map's order), leaving the map empty. 0, or a negative errno.
int TakeCounts(int map_fd, uint32_t max_entries, std::vector<Count>& counts);

}  // namespace sbp
