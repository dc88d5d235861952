#include "tracer.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <uv.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "../bpf/syscallbypid.h"
#include "../bpf/syscallbypid.skel.h"
#include "abi_ids.h"
#include "counts.h"
#include "errors.h"
#include "options.h"

namespace sbp {
namespace {

constexpr const char* kKernelBtf = "/sys/kernel/btf/vmlinux";
// The nsfs inode of the initial PID namespace (PROC_PID_INIT_INO in the kernel's proc_ns.h).
constexpr ino_t kInitialPidNs = 0xEFFFFFFC;

// The calls the BPF program needs to know by number, for every ABI it tells apart.
template <typename Config>
void SetAbiIds(Config& config) {
  const AbiIds abis[SBP_ABIS] = {NativeAbiIds(), CompatAbiIds(), X32AbiIds()};
  for (int abi = 0; abi < SBP_ABIS; abi++) {
    for (int i = 0; i < SBP_FORK_IDS; i++) config.fork_ids[abi][i] = abis[abi].fork[i];
    for (int i = 0; i < SBP_EXEC_IDS; i++) config.exec_ids[abi][i] = abis[abi].exec[i];
  }
}

// Fails early, naming the file, when the BTF that CO-RE relocations need cannot be had: libbpf
// would fail too, later and without saying why.
// `btf_path` is what libbpf reads, `shown` what the user gave.
void CheckBtf(Napi::Env env, const std::string& btf_path, const std::string& shown) {
  if (btf_path.empty()) {
    if (access(kKernelBtf, R_OK) != 0) throw StepError(env, std::string("reading kernel BTF ") + kKernelBtf, errno);
    return;
  }
  struct btf* btf = btf__parse(btf_path.c_str(), nullptr);
  int err = libbpf_get_error(btf);
  if (err) throw StepError(env, "reading BTF file " + shown, err);
  // CO-RE trusts this file for the kernel's struct layouts: one that is not a kernel's BTF (an
  // object file's own, say) would make the program read the wrong fields, silently.
  bool kernel = btf__find_by_name_kind(btf, "btf_trace_sys_exit", BTF_KIND_TYPEDEF) > 0 &&
                btf__find_by_name_kind(btf, "pt_regs", BTF_KIND_STRUCT) > 0;
  btf__free(btf);
  if (!kernel) throw StepError(env, "reading BTF file " + shown + " (no kernel types: pt_regs, btf_trace_sys_exit)", EINVAL);
}

// --btf, opened once: checked and then loaded by libbpf through this open file (/proc/self/fd/N),
// so a path swapped in between is not what gets loaded. Only a regular file, and checked before it
// is opened for reading (O_PATH opens nothing): opening a FIFO or a device can block or act.
class BtfFile {
 public:
  BtfFile(Napi::Env env, const std::string& path) {
    if (path.empty()) return;
    fd_ = open(path.c_str(), O_PATH | O_CLOEXEC);
    if (fd_ < 0) throw StepError(env, "reading BTF file " + path, errno);
    struct stat st;
    if (fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
      close(fd_);
      throw StepError(env, "reading BTF file " + path + " (not a regular file)", EINVAL);
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~BtfFile() {
    if (fd_ >= 0) close(fd_);
  }
  BtfFile(const BtfFile&) = delete;
  BtfFile& operator=(const BtfFile&) = delete;
  // Empty for the running kernel's BTF.
  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

// Fills one filter set: each value becomes a key of `map`.
template <typename Value>
void FillSet(Napi::Env env, bpf_map* map, const std::vector<Value>& values, const char* step) {
  const __u8 wanted = 1;
  for (const Value& value : values) {
    int err = bpf_map__update_elem(map, &value, sizeof(value), &wanted, sizeof(wanted), BPF_ANY);
    if (err) throw StepError(env, step, err);
  }
}

void SetCgroup(Napi::Env env, bpf_map* map, const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw StepError(env, "opening cgroup " + path, errno);
  const __u32 index = 0;
  __u32 value = fd;
  int err = bpf_map__update_elem(map, &index, sizeof(index), &value, sizeof(value), BPF_ANY);
  close(fd);
  if (err) throw StepError(env, "selecting cgroup " + path + " (is it a cgroup v2 directory?)", err);
}

// The nsfs inode of this process's PID namespace, or 0 for the initial one.
ino_t OwnPidNamespace(Napi::Env env) {
  struct stat ns = {};
  if (stat("/proc/self/ns/pid", &ns) != 0) throw StepError(env, "reading this process's PID namespace /proc/self/ns/pid", errno);
  if (ns.st_ino == kInitialPidNs) return 0;
  // PIDs are then the namespace's: a /proc of another namespace (unshare without --mount-proc)
  // would show the user other PIDs than the table's.
  char self[32] = {};
  ssize_t length = readlink("/proc/self", self, sizeof(self) - 1);
  if (length <= 0 || std::string(self, length) != std::to_string(getpid())) {
    throw StepError(env, "matching /proc to this process's PID namespace", EXDEV);
  }
  return ns.st_ino;
}

// A filter set needs at least one entry to be created, even when unused.
uint32_t SetSize(size_t n) { return n == 0 ? 1 : static_cast<uint32_t>(n); }

// Columns rather than an object per row: creating 1M objects through N-API, one property at a
// time, leaves them slow to build and slow to sort in JavaScript. Thread names repeat: each
// distinct one is a JS string once, and rows refer to it by index.
// `count_at(i)` gives row i as a Count (or anything with its key and value). Timed values add the time
// columns, and histograms the buckets; `ids` (may be null), the key column.
template <typename CountAt>
Napi::Object Columns(Napi::Env env, size_t total, CountAt count_at, KeyIndex* ids) {
  using Value = std::decay_t<decltype(count_at(0).second)>;
  constexpr bool kHistogram = std::is_same_v<Value, sbp_hist_value>;
  constexpr bool kTimed = kHistogram || std::is_same_v<Value, sbp_time_value>;
  Napi::Object columns = Napi::Object::New(env);
  Napi::Uint32Array pid = Napi::Uint32Array::New(env, total);
  Napi::Uint32Array tid = Napi::Uint32Array::New(env, total);
  Napi::Int32Array id = Napi::Int32Array::New(env, total);
  Napi::Uint8Array abi = Napi::Uint8Array::New(env, total);
  Napi::Float64Array cgroup = Napi::Float64Array::New(env, total);
  Napi::Float64Array count = Napi::Float64Array::New(env, total);
  Napi::Float64Array errors = Napi::Float64Array::New(env, total);
  Napi::Uint32Array commIndex = Napi::Uint32Array::New(env, total);
  Napi::Array comms = Napi::Array::New(env);
  Napi::Uint32Array key_ids = ids ? Napi::Uint32Array::New(env, total) : Napi::Uint32Array();
  Napi::Float64Array timed, time_ns, max_ns, buckets;
  if constexpr (kTimed) {
    timed = Napi::Float64Array::New(env, total);
    time_ns = Napi::Float64Array::New(env, total);
    max_ns = Napi::Float64Array::New(env, total);
    if constexpr (kHistogram) buckets = Napi::Float64Array::New(env, total * SBP_TIME_BUCKETS);
  }
  std::unordered_map<std::string, uint32_t> names;
  const char* previous_comm = nullptr;  // in key order, a process's rows share their name
  uint32_t previous_index = 0;
  for (size_t i = 0; i < total; i++) {
    const auto& [key, value] = count_at(i);
    pid[i] = key.pid;
    tid[i] = key.tid;
    id[i] = key.syscall.id;
    abi[i] = key.syscall.abi;
    cgroup[i] = static_cast<double>(key.cgroup);  // kernfs ids stay far below 2^53
    if (ids) {
      bool added = false;
      key_ids[i] = ids->Find(key, added);
    }
    count[i] = static_cast<double>(value.count);
    errors[i] = static_cast<double>(value.errors);
    if constexpr (kTimed) {
      // Exact below 2^53 ns: 104 days of calls.
      timed[i] = static_cast<double>(value.timed);
      time_ns[i] = static_cast<double>(value.time_ns);
      max_ns[i] = static_cast<double>(value.max_ns);
      if constexpr (kHistogram) {
        for (int b = 0; b < SBP_TIME_BUCKETS; b++) buckets[i * SBP_TIME_BUCKETS + b] = static_cast<double>(value.buckets[b]);
      }
    }
    if (!previous_comm || memcmp(key.comm, previous_comm, SBP_COMM_LEN) != 0) {
      std::string name(key.comm, strnlen(key.comm, SBP_COMM_LEN));
      auto found = names.find(name);
      if (found == names.end()) {
        found = names.emplace(name, names.size()).first;
        // One char a byte (latin1): a name is bytes, not always UTF-8, and decoding it would
        // change it; the CLI escapes what is not UTF-8 (src/output/format.ts).
        napi_value bytes;
        NAPI_THROW_IF_FAILED(env, napi_create_string_latin1(env, name.data(), name.size(), &bytes), Napi::Object());
        comms.Set(found->second, bytes);
      }
      previous_comm = key.comm;
      previous_index = found->second;
    }
    commIndex[i] = previous_index;
  }
  columns.Set("pid", pid);
  columns.Set("tid", tid);
  columns.Set("id", id);
  columns.Set("abi", abi);
  columns.Set("cgroup", cgroup);
  columns.Set("count", count);
  columns.Set("errors", errors);
  columns.Set("commIndex", commIndex);
  columns.Set("comms", comms);
  if (ids) columns.Set("key", key_ids);
  if constexpr (kTimed) {
    columns.Set("timed", timed);
    columns.Set("timeNs", time_ns);
    columns.Set("maxNs", max_ns);
    if constexpr (kHistogram) columns.Set("buckets", buckets);
  }
  return columns;
}

}  // namespace

void Tracer::SkeletonDeleter::operator()(syscallbypid_bpf* skeleton) const { syscallbypid_bpf__destroy(skeleton); }

Napi::Function Tracer::Define(Napi::Env env) {
  return DefineClass(env, "Tracer",
                     {
                         InstanceMethod<&Tracer::DroppedSyscalls>("droppedSyscalls"),
                         InstanceMethod<&Tracer::DroppedKeys>("droppedKeys"),
                         InstanceMethod<&Tracer::UnfollowedProcesses>("unfollowedProcesses"),
                         InstanceMethod<&Tracer::SkippedSyscalls>("skippedSyscalls"),
                         InstanceMethod<&Tracer::Drain>("drain"),
                         InstanceMethod<&Tracer::Collect>("collect"),
                         InstanceMethod<&Tracer::Fill>("fill"),
                         InstanceMethod<&Tracer::Completions>("completions"),
                         InstanceMethod<&Tracer::Follow>("follow"),
                         InstanceMethod<&Tracer::Detach>("detach"),
                         InstanceMethod<&Tracer::Read>("read"),
                         InstanceMethod<&Tracer::Close>("close"),
                         InstanceMethod<&Tracer::OnWake>("onWake"),
                     });
}

Tracer::Tracer(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Tracer>(info) {
  Napi::Env env = info.Env();
  TracerOptions options = ParseTracerOptions(info);
  time_ = options.time;
  histogram_ = options.histogram;
  drain_at_ = options.drain_at;
  if (options.key_ids) key_ids_.emplace();
  ClearLibbpfLog();
  BtfFile btf(env, options.btf_path);  // open until the program is loaded
  CheckBtf(env, btf.path(), options.btf_path);

  bpf_object_open_opts open_options = {};
  open_options.sz = sizeof(open_options);
  if (!btf.path().empty()) open_options.btf_custom_path = btf.path().c_str();
  skeleton_.reset(syscallbypid_bpf__open_opts(&open_options));
  if (!skeleton_) throw StepError(env, "opening BPF object", errno);

  auto& config = *skeleton_->rodata;
  SetAbiIds(config);
  config.by_thread = options.by_thread;
  config.by_cgroup = options.by_cgroup;
  config.by_syscall = options.by_syscall;
  config.by_pid = options.by_pid;
  config.failed_only = options.failed_only;
  config.filter_pid = !options.pids.empty();
  config.filter_comm = !options.comms.empty();
  config.filter_syscall = !options.syscalls.empty();
  config.filter_cgroup = !options.cgroup_path.empty();
  config.follow = options.follow;
  config.histogram = options.histogram;
  ino_t pid_ns = OwnPidNamespace(env);
  config.in_pid_ns = pid_ns != 0;
  config.pid_ns_inum = static_cast<__u32>(pid_ns);
  bpf_program__set_autoload(skeleton_->progs.count_sys_exit, !options.floor && !time_);
  bpf_program__set_autoload(skeleton_->progs.time_sys_exit, !options.floor && time_);
  bpf_program__set_autoload(skeleton_->progs.stamp_sys_enter, (!options.floor && time_) || options.clock);
  bpf_program__set_autoload(skeleton_->progs.stash_stamp, !options.floor && time_);
  bpf_program__set_autoload(skeleton_->progs.floor_sys_exit, options.floor && !options.clock);
  bpf_program__set_autoload(skeleton_->progs.floor_sys_enter, options.floor && time_ && !options.clock);
  bpf_program__set_autoload(skeleton_->progs.clock_sys_exit, options.clock);
  bpf_program__set_autoload(skeleton_->progs.follow_fork, options.follow && !options.floor);
  bpf_program__set_autoload(skeleton_->progs.follow_exit, options.follow && !options.floor);
  bpf_program__set_autoload(skeleton_->progs.note_exec_call, !options.floor);
  bpf_program__set_autoload(skeleton_->progs.judge_exec_call, !options.floor);
  auto& maps = skeleton_->maps;
  // One set of count maps and slots is created: the timed one with { time: true }, else the untimed one.
  bpf_map* counts = MapSet().counts;
  bpf_map* spare = MapSet().spare;
  bpf_map* cpu_slots = time_ ? maps.time_slots : maps.cpu_slots;
  int err = 0;
  for (bpf_map* timed : {maps.time_slots, maps.cpu_stamps, maps.entry_stamps}) {
    if (!err) err = bpf_map__set_autocreate(timed, time_);
  }
  if (!err) err = bpf_map__set_autocreate(maps.cpu_slots, !time_);
  for (const CountMaps& set : {CountMaps{maps.counts, maps.counts_spare, maps.count_maps},
                               CountMaps{maps.time_counts, maps.time_counts_spare, maps.time_count_maps},
                               CountMaps{maps.hist_counts, maps.hist_counts_spare, maps.hist_count_maps}}) {
    bool used = set.counts == counts;
    if (!err) err = bpf_map__set_autocreate(set.counts, used);
    if (!err) err = bpf_map__set_autocreate(set.spare, used && options.drain);
    if (!err) err = bpf_map__set_autocreate(set.outer, used);
  }
  if (!err) err = bpf_map__set_max_entries(counts, options.max_entries);
  if (!err) err = bpf_map__set_max_entries(spare, options.max_entries);
  if (!err) err = bpf_map__set_max_entries(maps.wanted_pids, SetSize(options.pids.size()));
  if (!err) err = bpf_map__set_max_entries(maps.wanted_comms, SetSize(options.comms.size()));
  if (!err) err = bpf_map__set_max_entries(maps.wanted_syscalls, SetSize(options.syscalls.size()));
  int cpus = libbpf_num_possible_cpus();
  if (cpus < 0) throw StepError(env, "counting CPUs", cpus);
  size_t slots = static_cast<size_t>(cpus) * SBP_CPU_SLOTS;
  if (!err) err = bpf_map__set_max_entries(cpu_slots, static_cast<uint32_t>(slots));
  // Every followed process has at least one count: the count map's bound suits the set too.
  if (!err) err = bpf_map__set_max_entries(maps.followed, options.follow ? options.max_entries : 1);
  if (err) throw StepError(env, "sizing maps", err);

  err = syscallbypid_bpf__load(skeleton_.get());
  if (err) throw StepError(env, "loading BPF program", err);
  ArmDrainWake();  // before attaching: the keys every running process brings at once may fill it
  int slots_fd = bpf_map__fd(cpu_slots);
  err = histogram_ ? histograms_.slots.Map(slots_fd, slots)
        : time_    ? timed_.slots.Map(slots_fd, slots)
                   : untimed_.slots.Map(slots_fd, slots);
  if (err) throw StepError(env, "mapping the CPUs' count slots", err);
  FillSet(env, maps.wanted_pids, options.pids, "filling the PID filter");
  FillSet(env, maps.wanted_comms, options.comms, "filling the command filter");
  FillSet(env, maps.wanted_syscalls, options.syscalls, "filling the syscall filter");
  if (!options.cgroup_path.empty()) SetCgroup(env, maps.wanted_cgroup, options.cgroup_path);
  if (time_ && !options.floor) {
    // The completions first, taking stamps but counting nothing; then the stamps; then counting starts.
    // A call that completes untimed then had entered before tracing began (at most one a thread), not
    // between two attachments, and every stamp is taken by its own call's completion.
    AttachFirst(env, skeleton_->progs.time_sys_exit, skeleton_->links.time_sys_exit);
    AttachFirst(env, skeleton_->progs.stash_stamp, skeleton_->links.stash_stamp);
    AttachFirst(env, skeleton_->progs.stamp_sys_enter, skeleton_->links.stamp_sys_enter);
  }
  err = syscallbypid_bpf__attach(skeleton_.get());
  if (err) throw StepError(env, "attaching to raw_syscalls:sys_exit", err);
  __atomic_store_n(&skeleton_->bss->counting, true, __ATOMIC_RELEASE);
  if (pid_ns != 0 && !options.floor) {
    // The program learns its namespace's level from a call made in it: this one, before any count
    // the caller relies on.
    syscall(SYS_getppid);
    if (__atomic_load_n(&skeleton_->bss->pid_ns_level, __ATOMIC_RELAXED) == 0) {
      throw StepError(env, "finding the level of this process's PID namespace", ENOENT);
    }
  }

  napi_add_env_cleanup_hook(env, ReleaseAtTeardown, this);
  cleanup_hook_added_ = true;
}

Tracer::~Tracer() { Release(); }

// Attaches one program ahead of the skeleton's attach, which leaves alone the programs whose link is set.
void Tracer::AttachFirst(Napi::Env env, bpf_program* program, bpf_link*& link) {
  link = bpf_program__attach(program);
  if (!link) throw StepError(env, std::string("attaching ") + bpf_program__name(program), -errno);
}

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
  if (wake_poll_) {
    uv_poll_stop(wake_poll_);
    uv_close(reinterpret_cast<uv_handle_t*>(wake_poll_), [](uv_handle_t* handle) { delete reinterpret_cast<uv_poll_t*>(handle); });
    wake_poll_ = nullptr;
  }
  ring_buffer__free(wake_ring_);  // stopped watching its fd first, as libuv requires
  wake_ring_ = nullptr;
  wake_callback_.Reset();
  // Destroying the skeleton detaches the link and closes every fd: the kernel frees the program and
  // maps with the last fd. Nothing is pinned, so nothing outlives the process either.
  untimed_.slots.Unmap();
  timed_.slots.Unmap();
  histograms_.slots.Unmap();
  skeleton_.reset();
}

// The loaded program, or a JS error once close() released it.
syscallbypid_bpf& Tracer::Loaded(Napi::Env env) const {
  if (!skeleton_) throw Napi::Error::New(env, "Tracer is closed");
  return *skeleton_;
}

Napi::Value Tracer::DroppedSyscalls(const Napi::CallbackInfo& info) {
  syscallbypid_bpf& skeleton = Loaded(info.Env());
  // .bss is memory-mapped: this reads the BPF global without a syscall.
  __u64 dropped = __atomic_load_n(&skeleton.bss->dropped_syscalls, __ATOMIC_RELAXED);
  return Napi::Number::New(info.Env(), static_cast<double>(dropped));
}

Napi::Value Tracer::DroppedKeys(const Napi::CallbackInfo& info) {
  syscallbypid_bpf& skeleton = Loaded(info.Env());
  __u64 refused = __atomic_load_n(&skeleton.bss->dropped_keys, __ATOMIC_RELAXED);
  return Napi::Number::New(info.Env(), static_cast<double>(refused));
}

Napi::Value Tracer::UnfollowedProcesses(const Napi::CallbackInfo& info) {
  syscallbypid_bpf& skeleton = Loaded(info.Env());
  __u64 unfollowed = __atomic_load_n(&skeleton.bss->unfollowed_processes, __ATOMIC_RELAXED);
  return Napi::Number::New(info.Env(), static_cast<double>(unfollowed));
}

template <>
Tracer::Store<sbp_value>& Tracer::StoreOf<sbp_value>() {
  return untimed_;
}

template <>
Tracer::Store<sbp_time_value>& Tracer::StoreOf<sbp_time_value>() {
  return timed_;
}

template <>
Tracer::Store<sbp_hist_value>& Tracer::StoreOf<sbp_hist_value>() {
  return histograms_;
}

Tracer::CountMaps Tracer::MapSet() const {
  auto& maps = skeleton_->maps;
  if (histogram_) return {maps.hist_counts, maps.hist_counts_spare, maps.hist_count_maps};
  if (time_) return {maps.time_counts, maps.time_counts_spare, maps.time_count_maps};
  return {maps.counts, maps.counts_spare, maps.count_maps};
}

bpf_map* Tracer::MapInUse() const { return spare_in_use_ ? MapSet().spare : MapSet().counts; }

// The count map the program does not write now (drain mode).
bpf_map* Tracer::SpareMap() const { return spare_in_use_ ? MapSet().counts : MapSet().spare; }

template <typename V>
void Tracer::SwapAndTake(Napi::Env env, std::vector<CountOf<V>>& drained) {
  // Not the spare's fd: libbpf gives a map it does not create a placeholder fd.
  if (!bpf_map__autocreate(MapSet().spare)) {
    throw Napi::Error::New(env, "drain: the Tracer was not created with { drain: true }");
  }
  bpf_map* old_map = MapInUse();
  bpf_map* new_map = SpareMap();
  ClearLibbpfLog();
  // The update returns after an RCU grace period: every program run that could have looked up the
  // old map (or, before the first drain, found the slot empty and used `counts`) has finished, so
  // what the old map holds now is final.
  const __u32 slot = 0;
  const __u32 new_fd = static_cast<__u32>(bpf_map__fd(new_map));
  int err = bpf_map__update_elem(MapSet().outer, &slot, sizeof(slot), &new_fd, sizeof(new_fd), BPF_ANY);
  if (err) throw StepError(env, "swapping in an empty count map", err);
  spare_in_use_ = !spare_in_use_;
  size_t before = drained.size();
  err = TakeCounts(bpf_map__fd(old_map), bpf_map__max_entries(old_map), drained);
  if (err) throw StepError(env, "draining the count map", err);
  drained_keys_ += drained.size() - before;
  ArmDrainWake();
}

void Tracer::ArmDrainWake() {
  if (!drain_at_) return;
  // The program compares `inserted` after incrementing it with a fully ordered fetch; storing and
  // then fencing here means a caller's later fill() sees any count that went past the new mark
  // before the program could see the mark: the caller drains again then (CountSession.afterDrain).
  __atomic_store_n(&skeleton_->bss->drain_at, drained_keys_ + drain_at_, __ATOMIC_SEQ_CST);
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

Napi::Value Tracer::OnWake(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  syscallbypid_bpf& skeleton = Loaded(env);
  if (info.Length() != 1 || !info[0].IsFunction()) throw Napi::TypeError::New(env, "onWake: expected (callback)");
  if (wake_ring_) throw Napi::Error::New(env, "onWake: already watching");
  uv_loop_t* loop = nullptr;
  NAPI_THROW_IF_FAILED(env, napi_get_uv_event_loop(env, &loop), env.Undefined());
  ClearLibbpfLog();
  auto ignore = [](void*, void*, size_t) { return 0; };  // a record says nothing but "wake up"
  wake_ring_ = ring_buffer__new(bpf_map__fd(skeleton.maps.wakeups), ignore, nullptr, nullptr);
  if (!wake_ring_) throw StepError(env, "watching the program's wake-ups", -errno);
  auto* poll = new uv_poll_t;
  int err = uv_poll_init(loop, poll, ring_buffer__epoll_fd(wake_ring_));
  if (err) {
    delete poll;
    ring_buffer__free(wake_ring_);
    wake_ring_ = nullptr;
    throw StepError(env, "watching the program's wake-ups", err);
  }
  poll->data = this;
  wake_poll_ = poll;
  wake_callback_ = Napi::Persistent(info[0].As<Napi::Function>());
  err = uv_poll_start(poll, UV_READABLE, Woken);
  if (err) throw StepError(env, "watching the program's wake-ups", err);
  // The tool's own timers and signals decide when it ends: a watch alone keeps nothing alive.
  uv_unref(reinterpret_cast<uv_handle_t*>(poll));
  return env.Undefined();
}

void Tracer::Woken(uv_poll_t* handle, int status, int /*events*/) {
  Tracer* self = static_cast<Tracer*>(handle->data);
  // libuv stops a watch that fails (the ring's epoll fd is never closed under it): the session's
  // once-a-second look then finds what a wake-up would have told.
  if (status < 0) return;
  ring_buffer__consume(self->wake_ring_);
  Napi::Env env = self->Env();
  Napi::HandleScope scope(env);
  // The callback may close the tracer (which stops this watch): nothing of `self` is used after it.
  try {
    self->wake_callback_.MakeCallback(env.Global(), {});
  } catch (const Napi::Error& error) {
    napi_fatal_exception(env, error.Value());  // as an exception thrown in a timer: 'uncaughtException'
  }
}

Napi::Value Tracer::Collect(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Loaded(env);
  if (histogram_) return CollectAs<sbp_hist_value>(env);
  return time_ ? CollectAs<sbp_time_value>(env) : CollectAs<sbp_value>(env);
}

template <typename V>
Napi::Value Tracer::CollectAs(Napi::Env env) {
  std::vector<CountOf<V>> drained;
  SwapAndTake(env, drained);
  for (const CountOf<V>& count : drained) StoreOf<V>().collected.Add(count.key, count.value);
  return Napi::Number::New(env, static_cast<double>(drained.size()));
}

Napi::Value Tracer::Fill(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  syscallbypid_bpf& skeleton = Loaded(env);
  // Every key drained was inserted first, and its insertion counted before the swap's grace period ended.
  __u64 inserted = __atomic_load_n(&skeleton.bss->inserted, __ATOMIC_RELAXED);
  Napi::Object fill = Napi::Object::New(env);
  fill.Set("entries", static_cast<double>(inserted - drained_keys_));
  fill.Set("inserted", static_cast<double>(inserted));
  fill.Set("rows", static_cast<double>(untimed_.collected.size() + timed_.collected.size() + histograms_.collected.size()));
  return fill;
}

Napi::Value Tracer::Completions(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Loaded(env);
  if (histogram_) return CompletionsAs<sbp_hist_value>(env);
  return time_ ? CompletionsAs<sbp_time_value>(env) : CompletionsAs<sbp_value>(env);
}

template <typename V>
Napi::Value Tracer::CompletionsAs(Napi::Env env) {
  __u64 inserted = __atomic_load_n(&skeleton_->bss->inserted, __ATOMIC_RELAXED);
  uint64_t in_kernel = 0;
  ClearLibbpfLog();
  Store<V>& store = StoreOf<V>();
  int err = SumCounts<V>(bpf_map__fd(MapInUse()), static_cast<uint32_t>(inserted - drained_keys_), store.slots, in_kernel);
  if (err) throw StepError(env, "reading counts", err);
  return Napi::Number::New(env, static_cast<double>(store.collected.completions() + in_kernel));
}

Napi::Value Tracer::Drain(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Loaded(env);
  if (histogram_) return DrainAs<sbp_hist_value>(env);
  return time_ ? DrainAs<sbp_time_value>(env) : DrainAs<sbp_value>(env);
}

template <typename V>
Napi::Value Tracer::DrainAs(Napi::Env env) {
  using Entry = CountOf<V>;
  std::vector<Entry> drained, pending;
  SwapAndTake(env, drained);
  int err = StoreOf<V>().slots.AppendTo(pending);
  if (err) throw StepError(env, "reading the CPUs' count slots", err);
  auto row = [](const std::vector<Entry>& entries) {
    return [&entries](size_t i) { return std::pair<const sbp_key&, const V&>(entries[i].key, entries[i].value); };
  };
  Napi::Object result = Napi::Object::New(env);
  KeyIndex* ids = key_ids_ ? &*key_ids_ : nullptr;
  result.Set("drained", Columns(env, drained.size(), row(drained), ids));
  result.Set("pending", Columns(env, pending.size(), row(pending), ids));
  return result;
}

Napi::Value Tracer::SkippedSyscalls(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  syscallbypid_bpf& skeleton = Loaded(env);
  bpf_program* program = time_ ? skeleton.progs.time_sys_exit : skeleton.progs.count_sys_exit;
  if (!bpf_program__autoload(program)) return Napi::Number::New(env, 0);  // the benchmark's floor
  // The kernel never runs a program twice at once on one CPU: a completion that finds it running
  // there is skipped, and only this counter tells (kernels before 5.12 have none: 0).
  bpf_prog_info prog_info = {};
  __u32 length = sizeof(prog_info);
  int err = bpf_prog_get_info_by_fd(bpf_program__fd(program), &prog_info, &length);
  if (err) throw StepError(env, "reading the program's skipped runs", err);
  return Napi::Number::New(env, static_cast<double>(prog_info.recursion_misses));
}

Napi::Value Tracer::Follow(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  syscallbypid_bpf& skeleton = Loaded(env);
  if (info.Length() != 2 || !info[0].IsNumber() || !info[1].IsBoolean()) {
    throw Napi::TypeError::New(env, "follow: expected (pid, armed)");
  }
  double pid = info[0].As<Napi::Number>().DoubleValue();
  if (!(pid >= 1 && pid <= INT32_MAX) || pid != static_cast<int32_t>(pid)) throw Napi::RangeError::New(env, "follow: bad pid");
  __u32 tgid = static_cast<__u32>(pid);
  __u8 state = info[1].As<Napi::Boolean>().Value() ? SBP_FOLLOW_ARMED : SBP_FOLLOW_COUNTING;
  ClearLibbpfLog();
  int err = bpf_map__update_elem(skeleton.maps.followed, &tgid, sizeof(tgid), &state, sizeof(state), BPF_ANY);
  if (err) throw StepError(env, "following process " + std::to_string(tgid), err);
  return env.Undefined();
}

Napi::Value Tracer::Detach(const Napi::CallbackInfo& info) {
  syscallbypid_bpf& skeleton = Loaded(info.Env());
  syscallbypid_bpf__detach(&skeleton);
  untimed_.slots.Settle();
  timed_.slots.Settle();
  histograms_.slots.Settle();
  return info.Env().Undefined();
}

Napi::Value Tracer::Read(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Loaded(env);
  if (histogram_) return ReadAs<sbp_hist_value>(env);
  return time_ ? ReadAs<sbp_time_value>(env) : ReadAs<sbp_value>(env);
}

template <typename V>
Napi::Value Tracer::ReadAs(Napi::Env env) {
  ClearLibbpfLog();
  CountRowsOf<V> counts;
  bpf_map* map = MapInUse();
  Store<V>& store = StoreOf<V>();
  int err = ReadCounts<V>(bpf_map__fd(map), bpf_map__max_entries(map), store.slots, &store.collected, counts);
  if (err) throw StepError(env, "reading counts", err);
  return Columns(
      env, counts.rows.size(),
      [&](size_t i) {
        uint32_t entry = counts.rows[i];
        return std::pair<const sbp_key&, const V&>(counts.keys[entry], counts.values[entry]);
      },
      key_ids_ ? &*key_ids_ : nullptr);
}

Napi::Value Tracer::Close(const Napi::CallbackInfo& info) {
  Release();
  return info.Env().Undefined();
}

}  // namespace sbp
