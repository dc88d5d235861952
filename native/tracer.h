// Tracer: one loaded and attached syscallbypid BPF program and its count map.
//   new Tracer(options)  opens, configures, loads and attaches: tracing has begun when it returns
//                        (options: see options.h and src/core/native.ts)
//   tracer.dropped()     completions lost so far because the map was full
//   tracer.skipped()     completions lost so far because the kernel skipped the program (it was
//                        already running on that CPU)
//   tracer.follow(pid, armed)  with { follow: true }: count pid and what it creates; armed: only
//                        from its next successful execve on
//   tracer.detach()      stops counting; the counts stay readable
//   tracer.read()        every count so far, in key order, as columns { pid, tid, id, abi, count,
//                        errors, commIndex, comms } (typed arrays, and each thread name once);
//                        counting goes on. A read may miss counts moving from a CPU's slot into the
//                        map at that moment (the next read has them), never counts one twice
//   tracer.refused()     insertions the full map refused so far (each lost one key's counts)
//   tracer.unfollowed()  processes created by followed ones that the full followed set could not
//                        take so far (their calls are not counted; the set is bounded by maxEntries)
//   tracer.drain()       with { drain: true }: swaps an empty count map in, waits until no program
//                        writes the old one, and empties it: { drained, pending }, both columns as
//                        read() returns them (unordered). drained: counts that left the kernel for
//                        good; pending: what the CPUs' slots hold now, which a later drain moves
//                        into drained (a count is in one or the other, or in neither for a moment
//                        while it moves into the new map, never in both)
//   tracer.collect()     with { drain: true }: like drain(), but adds what left the kernel to the
//                        tracer's own table of drained counts, which read() and completions()
//                        include: the map keeps only the keys seen since. The number of keys moved
//   tracer.fill()        { entries, inserted, rows }: entries the count map holds now, keys ever
//                        inserted, rows of the drained counts' table. Reads no map: cheap
//   tracer.completions() completions counted so far (drained, in the map and in the slots); reads
//                        the map
//   tracer.close()       releases everything; idempotent; also runs on GC and at env teardown
#pragma once

#include <napi.h>

#include <memory>
#include <vector>

#include "counts.h"
#include "cpu_slots.h"

struct syscallbypid_bpf;
struct bpf_map;

namespace sbp {

class Tracer : public Napi::ObjectWrap<Tracer> {
 public:
  static Napi::Function Define(Napi::Env env);

  explicit Tracer(const Napi::CallbackInfo& info);
  ~Tracer() override;

 private:
  struct SkeletonDeleter {
    void operator()(syscallbypid_bpf* skeleton) const;
  };

  Napi::Value Dropped(const Napi::CallbackInfo& info);
  Napi::Value Refused(const Napi::CallbackInfo& info);
  Napi::Value Unfollowed(const Napi::CallbackInfo& info);
  Napi::Value Skipped(const Napi::CallbackInfo& info);
  Napi::Value Drain(const Napi::CallbackInfo& info);
  Napi::Value Collect(const Napi::CallbackInfo& info);
  Napi::Value Fill(const Napi::CallbackInfo& info);
  Napi::Value Completions(const Napi::CallbackInfo& info);
  Napi::Value Follow(const Napi::CallbackInfo& info);
  Napi::Value Detach(const Napi::CallbackInfo& info);
  Napi::Value Read(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);

  syscallbypid_bpf& Open(Napi::Env env) const;
  // Swaps the empty count map in and empties the old one into `drained` (appended).
  void SwapAndTake(Napi::Env env, std::vector<Count>& drained);
  bpf_map* MapInUse() const;
  void Release();
  static void ReleaseAtTeardown(void* self);

  std::unique_ptr<syscallbypid_bpf, SkeletonDeleter> skeleton_;
  CpuSlots slots_;
  bool spare_in_use_ = false;  // which of counts and counts_spare the program writes (drain mode)
  uint64_t drained_keys_ = 0;  // keys taken out of the count maps, by drain() or collect()
  DrainedCounts collected_;
  bool cleanup_hook_added_ = false;
};

}  // namespace sbp
