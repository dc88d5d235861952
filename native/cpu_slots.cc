#include "cpu_slots.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

namespace sbp {
namespace {

// The copy of a slot races with the program writing it; seq tells afterwards whether it did.
uint64_t Load(const volatile uint64_t* word) { return __atomic_load_n(word, __ATOMIC_RELAXED); }

// A slot is busy only for the few instructions of one count moving into the map.
constexpr int kBusyTries = 1000000;

}  // namespace

CpuSlots::~CpuSlots() { Unmap(); }

int CpuSlots::Map(int map_fd, size_t slots) {
  Unmap();
  size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  size_t bytes = (slots * sizeof(sbp_cache_slot) + page - 1) / page * page;
  void* memory = mmap(nullptr, bytes, PROT_READ, MAP_SHARED, map_fd, 0);
  if (memory == MAP_FAILED) return -errno;
  slots_ = static_cast<const sbp_cache_slot*>(memory);
  count_ = slots;
  bytes_ = bytes;
  return 0;
}

void CpuSlots::Unmap() {
  if (slots_) munmap(const_cast<sbp_cache_slot*>(slots_), bytes_);
  slots_ = nullptr;
  count_ = 0;
}

int CpuSlots::AppendTo(std::vector<Count>& counts) const {
  for (size_t i = 0; i < count_; i++) {
    const sbp_cache_slot& slot = slots_[i];
    const auto* seq = reinterpret_cast<const volatile uint64_t*>(&slot.seq);
    int tries = 0;
    for (;; tries++) {
      if (tries == kBusyTries) return -EBUSY;
      uint64_t before = __atomic_load_n(seq, __ATOMIC_ACQUIRE);
      if (before & 1) continue;
      Count copy{};
      const auto* from = reinterpret_cast<const volatile uint64_t*>(&slot);
      auto* to = reinterpret_cast<uint64_t*>(&copy);
      static_assert(sizeof(Count) % sizeof(uint64_t) == 0, "Count is whole words");
      for (size_t w = 0; w < sizeof(Count) / sizeof(uint64_t); w++) to[w] = Load(from + w);
      __atomic_thread_fence(__ATOMIC_ACQUIRE);
      if (Load(seq) != before) continue;
      if (copy.value.count > 0) counts.push_back(copy);
      break;
    }
  }
  return 0;
}

}  // namespace sbp
