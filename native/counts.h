// Reading the counts: the count map's entries plus the CPUs' slots, one per key, in key order.
#pragma once

#include <cstdint>
#include <vector>

#include "cpu_slots.h"

namespace sbp {

// A read's counts: every entry read (the map's, then the CPUs' slots'), and one row per key in
// key order, each the index of the key's entry that holds its total.
struct CountRows {
  std::vector<sbp_key> keys;
  std::vector<sbp_value> values;
  std::vector<uint32_t> rows;
};

// 0, or a negative errno (from the map read, or -EBUSY from the slots).
int ReadCounts(int map_fd, uint32_t max_entries, const CpuSlots& slots, CountRows& counts);

// Moves every entry of a count map no program writes any more into `counts` (appended, in the
// map's order), leaving the map empty. 0, or a negative errno.
int TakeCounts(int map_fd, uint32_t max_entries, std::vector<Count>& counts);

}  // namespace sbp
