// Reading the counts: the count map's entries plus the CPUs' slots, one per key, in key order.
#pragma once

#include <cstddef>
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

// Counts that left the kernel for good, added up per key: one entry per row ever drained, so it
// grows with the rows, not with time. Entries live in two dense arrays (56 bytes a key) found
// through an open-addressing index of 4-byte positions, at most half full.
class DrainedCounts {
 public:
  void Add(const sbp_key& key, const sbp_value& value);
  size_t size() const { return keys_.size(); }
  uint64_t completions() const { return completions_; }
  const std::vector<sbp_key>& keys() const { return keys_; }
  const std::vector<sbp_value>& values() const { return values_; }

 private:
  void Grow();

  std::vector<sbp_key> keys_;
  std::vector<sbp_value> values_;
  std::vector<uint32_t> index_;  // 0: empty, else position + 1
  uint64_t completions_ = 0;
};

// 0, or a negative errno (from the map read, or -EBUSY from the slots). `drained` (may be null):
// counts already out of the kernel, added to the map's and the slots'.
int ReadCounts(int map_fd, uint32_t max_entries, const CpuSlots& slots, const DrainedCounts* drained, CountRows& counts);

// The completions the map and the slots hold now (a sum, for the status line); `entries`: about
// how many the map holds. 0, or a negative errno.
int SumCounts(int map_fd, uint32_t entries, const CpuSlots& slots, uint64_t& completions);

// Moves every entry of a count map no program writes any more into `counts` (appended, in the
// map's order), leaving the map empty. 0, or a negative errno.
int TakeCounts(int map_fd, uint32_t max_entries, std::vector<Count>& counts);

}  // namespace sbp
