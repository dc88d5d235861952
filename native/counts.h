// Reading the counts: the count map's entries plus the CPUs' slots, one per key, in key order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "cpu_slots.h"

namespace sbp {

// A read's counts: every entry read (the map's, then the CPUs' slots'), and one row per key in
// key order, each the index of the key's entry that holds its total.
// Value is sbp_value, or with --time sbp_time_value, or sbp_hist_value with --histogram (each function is
// instantiated for the three).
template <typename Value>
struct CountRowsOf {
  std::vector<sbp_key> keys;
  std::vector<Value> values;
  std::vector<uint32_t> rows;
};

using CountRows = CountRowsOf<sbp_value>;

// Every key seen, each given a dense id (0, 1, ...) in order of arrival: the keys in one array, found
// through an open-addressing index of 4-byte positions, at most half full.
class KeyIndex {
 public:
  // The key's id; `added` says whether it was new.
  uint32_t Find(const sbp_key& key, bool& added);
  size_t size() const { return keys_.size(); }
  const std::vector<sbp_key>& keys() const { return keys_; }

 private:
  void Grow();

  std::vector<sbp_key> keys_;
  std::vector<uint32_t> index_;  // 0: empty, else id + 1
};

// Counts that left the kernel for good, added up per key: one entry per row ever drained, so it
// grows with the rows, not with time. 56 bytes a key and the index's 8 (80 with --time, 280 with
// --histogram).
template <typename Value>
class DrainedCountsOf {
 public:
  void Add(const sbp_key& key, const Value& value);
  size_t size() const { return keys_.size(); }
  uint64_t completions() const { return completions_; }
  const std::vector<sbp_key>& keys() const { return keys_.keys(); }
  const std::vector<Value>& values() const { return values_; }

 private:
  KeyIndex keys_;
  std::vector<Value> values_;  // by the key's id
  uint64_t completions_ = 0;
};

using DrainedCounts = DrainedCountsOf<sbp_value>;

// 0, or a negative errno (from the map read, or -EBUSY from the slots). `drained` (may be null):
// counts already out of the kernel, added to the map's and the slots'.
template <typename Value>
int ReadCounts(int map_fd, uint32_t max_entries, const SlotsFor<Value>& slots, const DrainedCountsOf<Value>* drained,
               CountRowsOf<Value>& counts);

// The completions the map and the slots hold now (a sum, for the status line); `entries`: about
// how many the map holds. 0, or a negative errno.
template <typename Value>
int SumCounts(int map_fd, uint32_t entries, const SlotsFor<Value>& slots, uint64_t& completions);

// Moves every entry of a count map no program writes any more into `counts` (appended, in the
// map's order), leaving the map empty. 0, or a negative errno.
template <typename Value>
int TakeCounts(int map_fd, uint32_t max_entries, std::vector<CountOf<Value>>& counts);

}  // namespace sbp
