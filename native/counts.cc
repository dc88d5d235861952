#include "counts.h"

#include <bpf/bpf.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <tuple>

namespace sbp {
namespace {

using BatchRead = int (*)(int fd, void* in_batch, void* out_batch, void* keys, void* values, __u32* count, const bpf_map_batch_opts* opts);

// Batch lookup reads the whole map in a few syscalls (batches of 65,536 were no faster for a
// million keys). The batch only has to hold one hash bucket, so ENOSPC (a bucket larger than the
// batch) is answered by doubling it.
// Appends to `keys` and `values`.
template <typename Value>
int ReadMap(int fd, uint32_t max_entries, std::vector<sbp_key>& keys, std::vector<Value>& values, BatchRead read = bpf_map_lookup_batch) {
  uint32_t batch = std::min<uint32_t>(max_entries, 4096);
  size_t total = keys.size();
  __u32 token = 0;
  bool first = true;
  bpf_map_batch_opts opts = {};
  opts.sz = sizeof(opts);
  // Room for a full map up front: growing as it is read copied the entries again and again (a
  // million keys: reading the map and ordering them about 7 % faster, interleaved A/B).
  keys.reserve(total + max_entries + batch);
  values.reserve(total + max_entries + batch);
  for (;;) {
    keys.resize(total + batch);
    values.resize(total + batch);
    __u32 count = batch;
    int err = read(fd, first ? nullptr : &token, &token, &keys[total], &values[total], &count, &opts);
    if (err && err != -ENOENT && err != -ENOSPC) return err;
    if (err == -ENOSPC && count == 0) {
      batch *= 2;
      continue;
    }
    total += count;
    first = false;
    if (err == -ENOENT) break;
  }
  keys.resize(total);
  values.resize(total);
  return 0;
}

// Key order as packed integers: comparing the keys themselves, out of place, took 0.7 s for a million.
struct Order {
  uint64_t pid_tid, comm_high, comm_low, id_abi, cgroup;
  uint32_t index;

  auto Fields() const { return std::tie(pid_tid, comm_high, comm_low, id_abi, cgroup); }
  bool operator<(const Order& o) const { return Fields() < o.Fields(); }
  bool SameKey(const Order& o) const { return Fields() == o.Fields(); }
};

uint64_t BigEndian(const char* bytes) {
  uint64_t word = 0;
  for (int i = 0; i < 8; i++) word = word << 8 | static_cast<unsigned char>(bytes[i]);
  return word;
}

uint64_t Hash(const sbp_key& key) {
  uint64_t words[sizeof(sbp_key) / 8];
  static_assert(sizeof(sbp_key) % 8 == 0, "the key is whole words");
  memcpy(words, &key, sizeof(key));
  uint64_t h = 0;
  for (uint64_t word : words) h = (h ^ word) * 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 29);
}

}  // namespace

uint32_t KeyIndex::Find(const sbp_key& key, bool& added) {
  if ((keys_.size() + 1) * 2 > index_.size()) Grow();
  size_t mask = index_.size() - 1;
  for (size_t i = Hash(key) & mask;; i = (i + 1) & mask) {
    uint32_t at = index_[i];
    if (at == 0) {
      keys_.push_back(key);
      index_[i] = static_cast<uint32_t>(keys_.size());
      added = true;
      return index_[i] - 1;
    }
    if (memcmp(&keys_[at - 1], &key, sizeof(key)) == 0) {
      added = false;
      return at - 1;
    }
  }
}

void KeyIndex::Grow() {
  std::vector<uint32_t> index(index_.empty() ? 1024 : index_.size() * 2, 0);
  size_t mask = index.size() - 1;
  for (uint32_t at = 1; at <= keys_.size(); at++) {
    size_t i = Hash(keys_[at - 1]) & mask;
    while (index[i] != 0) i = (i + 1) & mask;
    index[i] = at;
  }
  index_.swap(index);
}

template <typename Value>
void DrainedCountsOf<Value>::Add(const sbp_key& key, const Value& value) {
  completions_ += value.count;
  bool added = false;
  uint32_t id = keys_.Find(key, added);
  if (added) values_.push_back(value);
  else AddTo(values_[id], value);
}

template <typename Value>
int ReadCounts(int map_fd, uint32_t max_entries, const SlotsFor<Value>& slots, const DrainedCountsOf<Value>* drained,
               CountRowsOf<Value>& counts) {
  // The drained counts do not move; then the map, then the slots: a count the program moves from a
  // slot into the map in between is missed by this read (the next one has it), never seen twice.
  std::vector<sbp_key>& keys = counts.keys;
  std::vector<Value>& values = counts.values;
  if (drained) {
    keys.reserve(drained->size() + max_entries);
    values.reserve(drained->size() + max_entries);
    keys.assign(drained->keys().begin(), drained->keys().end());
    values.assign(drained->values().begin(), drained->values().end());
  }
  int err = ReadMap(map_fd, max_entries, keys, values);
  std::vector<CountOf<Value>> pending;
  if (!err) err = slots.AppendTo(pending);
  if (err) return err;
  for (const CountOf<Value>& count : pending) {
    keys.push_back(count.key);
    values.push_back(count.value);
  }

  // Key order (pid, tid, thread name, syscall, cgroup): deterministic, the order the CLI breaks ties
  // in, and it puts a slot next to its map entry.
  std::vector<Order> order(keys.size());
  for (uint32_t i = 0; i < keys.size(); i++) {
    const sbp_key& key = keys[i];
    uint32_t id_order = static_cast<uint32_t>(key.syscall.id) ^ 0x80000000u;  // signed order as unsigned
    order[i] = {uint64_t{key.pid} << 32 | key.tid,          BigEndian(key.comm), BigEndian(key.comm + 8),
                uint64_t{id_order} << 32 | key.syscall.abi, key.cgroup,          i};
  }
  std::sort(order.begin(), order.end());

  // Rows point into the entries rather than copy them, as the caller reads each once anyway (a
  // million keys: read() 0.71 s -> 0.60 s).
  counts.rows.clear();
  counts.rows.reserve(order.size());
  for (size_t i = 0; i < order.size(); i++) {
    if (i > 0 && order[i].SameKey(order[i - 1])) {
      AddTo(values[counts.rows.back()], values[order[i].index]);
    } else {
      counts.rows.push_back(order[i].index);
    }
  }
  return 0;
}

template <typename Value>
int SumCounts(int map_fd, uint32_t entries, const SlotsFor<Value>& slots, uint64_t& completions) {
  std::vector<sbp_key> keys;
  std::vector<Value> values;
  std::vector<CountOf<Value>> pending;
  // Sized for the entries in use, not the bound: a large bound would cost its full size each time.
  int err = ReadMap(map_fd, std::max<uint32_t>(entries, 1), keys, values);
  if (!err) err = slots.AppendTo(pending);
  if (err) return err;
  completions = 0;
  for (const Value& value : values) completions += value.count;
  for (const CountOf<Value>& count : pending) completions += count.value.count;
  return 0;
}

template <typename Value>
int TakeCounts(int map_fd, uint32_t max_entries, std::vector<CountOf<Value>>& counts) {
  std::vector<sbp_key> keys;
  std::vector<Value> values;
  int err = ReadMap(map_fd, max_entries, keys, values, bpf_map_lookup_and_delete_batch);
  if (err) return err;
  counts.reserve(counts.size() + keys.size());
  for (size_t i = 0; i < keys.size(); i++) counts.push_back({keys[i], values[i]});
  return 0;
}

#define SBP_INSTANTIATE(Value)                                                                                        \
  template class DrainedCountsOf<Value>;                                                                              \
  template int ReadCounts(int, uint32_t, const SlotsFor<Value>&, const DrainedCountsOf<Value>*, CountRowsOf<Value>&); \
  template int SumCounts<Value>(int, uint32_t, const SlotsFor<Value>&, uint64_t&);                                    \
  template int TakeCounts(int, uint32_t, std::vector<CountOf<Value>>&);
SBP_INSTANTIATE(sbp_value)
SBP_INSTANTIATE(sbp_time_value)
SBP_INSTANTIATE(sbp_hist_value)
#undef SBP_INSTANTIATE

}  // namespace sbp
