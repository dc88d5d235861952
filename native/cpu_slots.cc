#include "cpu_slots.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <thread>

namespace sbp {
namespace {

// The copy of a slot races with the program writing it; seq tells afterwards whether it did.
uint64_t Load(const volatile uint64_t* word) { return __atomic_load_n(word, __ATOMIC_RELAXED); }

// A slot is busy only while one program run moves its count into the map: a few instructions, unless
// that CPU is preempted or its vCPU stalls. Spin this many times before deciding what to do.
constexpr int kBusyTries = 1000;
// Once settled, a busy slot is a run that began before the detach: it ends, so wait for it, this long
// at most (a run cannot last that long; a slot still odd then is reported rather than guessed).
constexpr auto kSettleWait = std::chrono::seconds(10);
constexpr auto kSettlePause = std::chrono::microseconds(50);

}  // namespace

template <typename Slot, typename Value>
CpuSlotsOf<Slot, Value>::~CpuSlotsOf() {
  Unmap();
}

template <typename Slot, typename Value>
int CpuSlotsOf<Slot, Value>::Map(int map_fd, size_t slots) {
  Unmap();
  size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  size_t bytes = (slots * sizeof(Slot) + page - 1) / page * page;
  void* memory = mmap(nullptr, bytes, PROT_READ, MAP_SHARED, map_fd, 0);
  if (memory == MAP_FAILED) return -errno;
  slots_ = static_cast<const Slot*>(memory);
  count_ = slots;
  bytes_ = bytes;
  return 0;
}

template <typename Slot, typename Value>
void CpuSlotsOf<Slot, Value>::Unmap() {
  if (slots_) munmap(const_cast<Slot*>(slots_), bytes_);
  slots_ = nullptr;
  count_ = 0;
}

template <typename Slot, typename Value>
int CpuSlotsOf<Slot, Value>::AppendTo(std::vector<CountOf<Value>>& counts) const {
  for (size_t i = 0; i < count_; i++) {
    const Slot& slot = slots_[i];
    const auto* seq = reinterpret_cast<const volatile uint64_t*>(&slot.seq);
    std::chrono::steady_clock::time_point deadline{};
    for (int tries = 1;; tries++) {
      uint64_t before = __atomic_load_n(seq, __ATOMIC_ACQUIRE);
      if (!(before & 1)) {
        Slot copy{};
        const auto* from = reinterpret_cast<const volatile uint64_t*>(&slot);
        auto* to = reinterpret_cast<uint64_t*>(&copy);
        static_assert(sizeof(Slot) % sizeof(uint64_t) == 0, "a slot is whole words");
        for (size_t w = 0; w < sizeof(Slot) / sizeof(uint64_t); w++) to[w] = Load(from + w);
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if (Load(seq) == before) {
          if (copy.value.count > 0) {
            CountOf<Value> count{copy.key, {}};
            memcpy(&count.value, &copy.value, sizeof(Value));
            counts.push_back(count);
          }
          break;
        }
      }
      if (tries < kBusyTries) continue;
      // Still counting: the slot's count is in flight to the map; the next read has it.
      if (!settled_) break;
      auto now = std::chrono::steady_clock::now();
      if (deadline == std::chrono::steady_clock::time_point{}) deadline = now + kSettleWait;
      if (now >= deadline) return -EBUSY;
      std::this_thread::sleep_for(kSettlePause);
    }
  }
  return 0;
}

template class CpuSlotsOf<sbp_cpu_slot>;
template class CpuSlotsOf<sbp_time_slot, sbp_time_value>;
template class CpuSlotsOf<sbp_time_slot, sbp_hist_value>;

}  // namespace sbp
