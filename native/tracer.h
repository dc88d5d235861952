// Tracer: one loaded and attached syscallbypid BPF program, its count maps and the CPUs' slots. Its
// JavaScript API (what each method returns and promises) is described once, in src/core/native.ts.
#pragma once

#include <napi.h>

#include <memory>
#include <optional>
#include <vector>

#include "counts.h"
#include "cpu_slots.h"

struct syscallbypid_bpf;
struct bpf_map;
struct bpf_program;
struct bpf_link;
struct ring_buffer;
typedef struct uv_poll_s uv_poll_t;

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
  Napi::Value OnWake(const Napi::CallbackInfo& info);

  // What the tracer keeps of counts of type V (sbp_value; with --time sbp_time_value, or sbp_hist_value
  // with --histogram): the CPUs' slots and what left the kernel for good (collect()).
  template <typename V>
  struct Store {
    SlotsFor<V> slots;
    DrainedCountsOf<V> collected;
  };

  syscallbypid_bpf& Loaded(Napi::Env env) const;
  template <typename V>
  Store<V>& StoreOf();
  // Swaps the empty count map in and empties the old one into `drained` (appended).
  template <typename V>
  void SwapAndTake(Napi::Env env, std::vector<CountOf<V>>& drained);
  template <typename V>
  Napi::Value ReadAs(Napi::Env env);
  template <typename V>
  Napi::Value DrainAs(Napi::Env env);
  template <typename V>
  Napi::Value CollectAs(Napi::Env env);
  template <typename V>
  Napi::Value CompletionsAs(Napi::Env env);
  // The mode's count map, the spare swapped in by drains, and the one-slot map that says which is in use.
  struct CountMaps {
    bpf_map* counts;
    bpf_map* spare;
    bpf_map* outer;
  };
  CountMaps MapSet() const;
  bpf_map* MapInUse() const;
  bpf_map* SpareMap() const;
  void Release();
  // After a drain: the kernel wakes user space once drain_at_ more keys are in the map in use.
  void ArmDrainWake();
  static void Woken(uv_poll_t* handle, int status, int events);
  void AttachFirst(Napi::Env env, bpf_program* program, bpf_link*& link);
  static void ReleaseAtTeardown(void* self);

  std::unique_ptr<syscallbypid_bpf, SkeletonDeleter> skeleton_;
  bool time_ = false;       // { time: true }: time_sys_exit counts into the time_ maps and time_slots
  bool histogram_ = false;  // { histogram: true }: time_sys_exit counts into the hist_ maps and time_slots
  Store<sbp_value> untimed_;
  Store<sbp_time_value> timed_;
  Store<sbp_hist_value> histograms_;
  bool spare_in_use_ = false;        // which of counts and counts_spare (or their time_ pair) the program writes (drain mode)
  uint64_t drained_keys_ = 0;        // keys taken out of the count maps, by drain() or collect()
  std::optional<KeyIndex> key_ids_;  // { keyIds: true }: every key in the columns of drain() (drained or pending) and read()
  uint32_t drain_at_ = 0;            // { drainAt }: entries in use at which the kernel wakes user space (0: never)
  // onWake(): the BPF program's `wakeups` ring, watched on Node's event loop.
  ring_buffer* wake_ring_ = nullptr;
  uv_poll_t* wake_poll_ = nullptr;
  Napi::FunctionReference wake_callback_;
  bool cleanup_hook_added_ = false;
};

}  // namespace sbp
