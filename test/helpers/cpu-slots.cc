// Drives native/cpu_slots.cc's reader over fake slots in a memfd (what the BPF `cpu_slots` map is to it:
// a shared mapping). Prints one line per check, "name count,count,... rc"; test/unit/cpu-slots.test.ts
// compares them.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <thread>
#include <vector>

#include "../../native/cpu_slots.h"

static void Print(const char* name, const std::vector<sbp::Count>& counts, int rc) {
  printf("%s", name);
  const char* separator = " ";
  for (const sbp::Count& count : counts) {
    printf("%s%llu", separator, static_cast<unsigned long long>(count.value.count));
    separator = ",";
  }
  printf(" %d\n", rc);
}

int main() {
  constexpr size_t kSlots = 4;
  int fd = memfd_create("cpu-slots", 0);
  if (fd < 0 || ftruncate(fd, kSlots * sizeof(sbp_cpu_slot)) != 0) return 2;
  auto* slots = static_cast<sbp_cpu_slot*>(mmap(nullptr, kSlots * sizeof(sbp_cpu_slot), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
  if (slots == MAP_FAILED) return 2;
  // Slot 0 and 3 hold counts; slot 1 is being written (seq odd) and stays so; slot 2 is empty.
  slots[0].value.count = 5, slots[0].seq = 2;
  slots[1].value.count = 7, slots[1].seq = 3;
  slots[3].value.count = 9, slots[3].seq = 4;
  sbp::CpuSlots reader;
  if (reader.Map(fd, kSlots) != 0) return 2;

  std::vector<sbp::Count> counts;
  int rc = reader.AppendTo(counts);
  Print("counting", counts, rc);  // the busy slot is in flight: left out, not fatal

  // Settled: the run in flight finishes some time later, and the read waits for it.
  reader.Settle();
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    slots[1].value.count = 8;
    __atomic_store_n(&slots[1].seq, 4, __ATOMIC_RELEASE);
  });
  counts.clear();
  rc = reader.AppendTo(counts);
  writer.join();
  Print("settled", counts, rc);
  return 0;
}
