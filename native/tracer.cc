#include "tracer.h"

#include <asm/unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "../bpf/syscallbypid.h"
#include "../bpf/syscallbypid.skel.h"
#include "errors.h"

namespace sbp {
namespace {

constexpr const char* kKernelBtf = "/sys/kernel/btf/vmlinux";

// The fork-family calls of the ABI this addon is built for (the running kernel's native ABI).
// Unused slots stay -1.
void SetForkIds(volatile __s32 (&ids)[SBP_FORK_IDS]) {
  int n = 0;
#ifdef __NR_fork
  ids[n++] = __NR_fork;
#endif
#ifdef __NR_vfork
  ids[n++] = __NR_vfork;
#endif
#ifdef __NR_clone
  ids[n++] = __NR_clone;
#endif
#ifdef __NR_clone3
  ids[n++] = __NR_clone3;
#endif
  while (n < SBP_FORK_IDS) ids[n++] = -1;
}

struct Options {
  uint32_t max_entries = SBP_DEFAULT_MAX_ENTRIES;
  std::string btf_path;  // empty: the running kernel's BTF
};

// Every value from JavaScript is checked here: type, range, and no NUL inside a path.
Options ParseOptions(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 1 || !info[0].IsObject()) throw Napi::TypeError::New(env, "Tracer: expected an options object");
  Napi::Object object = info[0].As<Napi::Object>();
  Options options;
  Napi::Value max_entries = object.Get("maxEntries");
  if (!max_entries.IsUndefined()) {
    double n = max_entries.IsNumber() ? max_entries.As<Napi::Number>().DoubleValue() : -1;
    if (!(n >= 1 && n <= UINT32_MAX) || n != static_cast<uint32_t>(n)) {
      throw Napi::RangeError::New(env, "Tracer: maxEntries must be an integer from 1 to 4294967295");
    }
    options.max_entries = static_cast<uint32_t>(n);
  }
  Napi::Value btf_path = object.Get("btfPath");
  if (!btf_path.IsUndefined()) {
    if (!btf_path.IsString()) throw Napi::TypeError::New(env, "Tracer: btfPath must be a string");
    options.btf_path = btf_path.As<Napi::String>().Utf8Value();
    if (options.btf_path.empty() || options.btf_path.find('\0') != std::string::npos) {
      throw Napi::TypeError::New(env, "Tracer: btfPath must be a non-empty path without NUL characters");
    }
  }
  return options;
}

// Fails early, naming the file, when the BTF that CO-RE relocations need cannot be had: libbpf
// would fail too, later and without saying why.
void CheckBtf(Napi::Env env, const std::string& btf_path) {
  if (btf_path.empty()) {
    if (access(kKernelBtf, R_OK) != 0) throw StepError(env, std::string("reading kernel BTF ") + kKernelBtf, errno);
    return;
  }
  struct btf* btf = btf__parse(btf_path.c_str(), nullptr);
  int err = libbpf_get_error(btf);
  if (err) throw StepError(env, "reading BTF file " + btf_path, err);
  btf__free(btf);
}

}  // namespace

void Tracer::SkeletonDeleter::operator()(syscallbypid_bpf* skeleton) const {
  syscallbypid_bpf__destroy(skeleton);
}

Napi::Function Tracer::Define(Napi::Env env) {
  return DefineClass(env, "Tracer",
                     {
                         InstanceMethod<&Tracer::Dropped>("dropped"),
                         InstanceMethod<&Tracer::Detach>("detach"),
                         InstanceMethod<&Tracer::Read>("read"),
                         InstanceMethod<&Tracer::Close>("close"),
                     });
}

Tracer::Tracer(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Tracer>(info) {
  Napi::Env env = info.Env();
  Options options = ParseOptions(info);
  ClearLibbpfLog();
  CheckBtf(env, options.btf_path);

  bpf_object_open_opts open_options = {};
  open_options.sz = sizeof(open_options);
  if (!options.btf_path.empty()) open_options.btf_custom_path = options.btf_path.c_str();
  skeleton_.reset(syscallbypid_bpf__open_opts(&open_options));
  if (!skeleton_) throw StepError(env, "opening BPF object", errno);
  SetForkIds(skeleton_->rodata->fork_ids);
  int err = bpf_map__set_max_entries(skeleton_->maps.counts, options.max_entries);
  if (err) throw StepError(env, "sizing count map", err);
  err = syscallbypid_bpf__load(skeleton_.get());
  if (err) throw StepError(env, "loading BPF program", err);
  err = syscallbypid_bpf__attach(skeleton_.get());
  if (err) throw StepError(env, "attaching to raw_syscalls:sys_exit", err);

  napi_add_env_cleanup_hook(env, ReleaseAtTeardown, this);
  cleanup_hook_added_ = true;
}

Tracer::~Tracer() { Release(); }

void Tracer::ReleaseAtTeardown(void* self) {
  Tracer* tracer = static_cast<Tracer*>(self);
  tracer->cleanup_hook_added_ = false;
  tracer->Release();
}

void Tracer::Release() {
  if (cleanup_hook_added_) {
    napi_remove_env_cleanup_hook(Env(), ReleaseAtTeardown, this);
    cleanup_hook_added_ = false;
  }
  // Destroying the skeleton detaches the link and closes every fd: the kernel frees the program and
  // maps with the last fd. Nothing is pinned, so nothing outlives the process either.
  skeleton_.reset();
}

syscallbypid_bpf& Tracer::Open(Napi::Env env) const {
  if (!skeleton_) throw Napi::Error::New(env, "Tracer is closed");
  return *skeleton_;
}

Napi::Value Tracer::Dropped(const Napi::CallbackInfo& info) {
  syscallbypid_bpf& skeleton = Open(info.Env());
  // .bss is memory-mapped: this reads the BPF global without a syscall.
  __u64 dropped = __atomic_load_n(&skeleton.bss->dropped, __ATOMIC_RELAXED);
  return Napi::Number::New(info.Env(), static_cast<double>(dropped));
}

Napi::Value Tracer::Detach(const Napi::CallbackInfo& info) {
  syscallbypid_bpf& skeleton = Open(info.Env());
  syscallbypid_bpf__detach(&skeleton);
  return info.Env().Undefined();
}

Napi::Value Tracer::Read(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  syscallbypid_bpf& skeleton = Open(env);
  ClearLibbpfLog();
  int fd = bpf_map__fd(skeleton.maps.counts);

  // Batch lookup reads the whole map in a few syscalls. The batch only has to hold one hash bucket,
  // so ENOSPC (a bucket larger than the batch) is answered by doubling it.
  uint32_t batch = std::min<uint32_t>(bpf_map__max_entries(skeleton.maps.counts), 4096);
  std::vector<sbp_key> keys;
  std::vector<sbp_count> values;
  size_t total = 0;
  __u32 token = 0;
  bool first = true;
  bpf_map_batch_opts opts = {};
  opts.sz = sizeof(opts);
  for (;;) {
    keys.resize(total + batch);
    values.resize(total + batch);
    __u32 count = batch;
    int err = bpf_map_lookup_batch(fd, first ? nullptr : &token, &token, &keys[total], &values[total], &count, &opts);
    if (err && err != -ENOENT && err != -ENOSPC) throw StepError(env, "reading count map", err);
    if (err == -ENOSPC && count == 0) {
      batch *= 2;
      continue;
    }
    total += count;
    first = false;
    if (err == -ENOENT) break;
  }

  Napi::Array rows = Napi::Array::New(env, total);
  for (size_t i = 0; i < total; i++) {
    const sbp_key& key = keys[i];
    size_t comm_len = strnlen(key.comm, SBP_COMM_LEN);
    Napi::Object row = Napi::Object::New(env);
    row.Set("pid", Napi::Number::New(env, key.pid));
    row.Set("comm", Napi::String::New(env, key.comm, comm_len));
    row.Set("id", Napi::Number::New(env, key.id));
    row.Set("count", Napi::Number::New(env, static_cast<double>(values[i])));
    rows.Set(i, row);
  }
  return rows;
}

Napi::Value Tracer::Close(const Napi::CallbackInfo& info) {
  Release();
  return info.Env().Undefined();
}

}  // namespace sbp
