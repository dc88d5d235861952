// Tracer: one loaded and attached syscallbypid BPF program, its count maps and the CPUs' slots. Its
// JavaScript API (what each method returns and promises) is described once, in src/core/native.ts.
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

  Napi::Value DroppedSyscalls(const Napi::CallbackInfo& info);
  Napi::Value DroppedKeys(const Napi::CallbackInfo& info);
  Napi::Value UnfollowedProcesses(const Napi::CallbackInfo& info);
  Napi::Value SkippedSyscalls(const Napi::CallbackInfo& info);
  Napi::Value Drain(const Napi::CallbackInfo& info);
  Napi::Value Collect(const Napi::CallbackInfo& info);
  Napi::Value Fill(const Napi::CallbackInfo& info);
  Napi::Value Completions(const Napi::CallbackInfo& info);
  Napi::Value Follow(const Napi::CallbackInfo& info);
  Napi::Value Detach(const Napi::CallbackInfo& info);
  Napi::Value Read(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);

  syscallbypid_bpf& Loaded(Napi::Env env) const;
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
