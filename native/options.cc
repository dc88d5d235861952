#include "options.h"

#include <cmath>
#include <cstring>

namespace sbp {
namespace {

[[noreturn]] void Fail(Napi::Env env, const std::string& message, bool range = false) {
  if (range) throw Napi::RangeError::New(env, "Tracer: " + message);
  throw Napi::TypeError::New(env, "Tracer: " + message);
}

double Integer(Napi::Env env, Napi::Value value, const char* name, double min, double max) {
  if (!value.IsNumber()) Fail(env, std::string(name) + " must be a number");
  double n = value.As<Napi::Number>().DoubleValue();
  if (!(n >= min && n <= max) || n != std::floor(n)) {
    Fail(env,
         std::string(name) + " must be an integer from " + std::to_string(static_cast<long long>(min)) + " to " +
             std::to_string(static_cast<long long>(max)),
         true);
  }
  return n;
}

bool Boolean(Napi::Env env, Napi::Object object, const char* name) {
  Napi::Value value = object.Get(name);
  if (value.IsUndefined()) return false;
  if (!value.IsBoolean()) Fail(env, std::string(name) + " must be a boolean");
  return value.As<Napi::Boolean>().Value();
}

std::string Text(Napi::Env env, Napi::Value value, const char* name, size_t max_bytes) {
  if (!value.IsString()) Fail(env, std::string(name) + " must be a string");
  std::string text = value.As<Napi::String>().Utf8Value();
  if (text.empty() || text.size() > max_bytes || text.find('\0') != std::string::npos) {
    Fail(env, std::string(name) + " must be 1 to " + std::to_string(max_bytes) + " bytes without NUL", true);
  }
  return text;
}

// Calls `each` for every element of the array field `name`, if present.
template <typename Each>
void List(Napi::Env env, Napi::Object object, const char* name, Each each) {
  Napi::Value value = object.Get(name);
  if (value.IsUndefined()) return;
  if (!value.IsArray()) Fail(env, std::string(name) + " must be an array");
  Napi::Array array = value.As<Napi::Array>();
  if (array.Length() > kMaxFilterValues) Fail(env, std::string(name) + " has too many values", true);
  for (uint32_t i = 0; i < array.Length(); i++) each(array.Get(i));
}

}  // namespace

TracerOptions ParseTracerOptions(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 1 || !info[0].IsObject()) Fail(env, "expected an options object");
  Napi::Object object = info[0].As<Napi::Object>();
  TracerOptions options;

  Napi::Value max_entries = object.Get("maxEntries");
  if (!max_entries.IsUndefined()) options.max_entries = Integer(env, max_entries, "maxEntries", 1, UINT32_MAX);
  Napi::Value btf_path = object.Get("btfPath");
  if (!btf_path.IsUndefined()) options.btf_path = Text(env, btf_path, "btfPath", 4096);
  Napi::Value cgroup_path = object.Get("cgroupPath");
  if (!cgroup_path.IsUndefined()) options.cgroup_path = Text(env, cgroup_path, "cgroupPath", 4096);
  options.by_thread = Boolean(env, object, "byThread");
  options.by_cgroup = Boolean(env, object, "byCgroup");
  options.by_syscall = Boolean(env, object, "bySyscall");
  options.by_pid = Boolean(env, object, "byPid");
  if (options.by_syscall && options.by_pid) Fail(env, "bySyscall and byPid exclude each other", true);
  options.drain = Boolean(env, object, "drain");
  Napi::Value drain_at = object.Get("drainAt");
  if (!drain_at.IsUndefined()) options.drain_at = Integer(env, drain_at, "drainAt", 0, options.max_entries);
  if (options.drain_at && !options.drain) Fail(env, "drainAt needs the spare map: { drain: true, drainAt }", true);
  options.key_ids = Boolean(env, object, "keyIds");
  options.failed_only = Boolean(env, object, "failedOnly");
  options.floor = Boolean(env, object, "floor");
  options.follow = Boolean(env, object, "follow");
  options.histogram = Boolean(env, object, "histogram");
  options.time = Boolean(env, object, "time") || options.histogram;
  options.clock = Boolean(env, object, "clock");
  if (options.clock && !(options.floor && options.time))
    Fail(env, "clock is for the floor of time: { floor: true, time: true, clock: true }", true);

  List(env, object, "pids", [&](Napi::Value v) { options.pids.push_back(Integer(env, v, "pids[]", 1, UINT32_MAX)); });
  List(env, object, "syscalls", [&](Napi::Value v) {
    if (!v.IsObject()) Fail(env, "syscalls[] must be objects { id, abi }");
    Napi::Object call = v.As<Napi::Object>();
    sbp_syscall syscall = {};
    syscall.id = static_cast<__s32>(Integer(env, call.Get("id"), "syscalls[].id", INT32_MIN, INT32_MAX));
    syscall.abi = static_cast<__u32>(Integer(env, call.Get("abi"), "syscalls[].abi", 0, SBP_ABIS - 1));
    options.syscalls.push_back(syscall);
  });
  List(env, object, "comms", [&](Napi::Value v) {
    std::string comm = Text(env, v, "comms[]", SBP_COMM_LEN - 1);
    std::array<char, SBP_COMM_LEN> padded{};
    memcpy(padded.data(), comm.data(), comm.size());
    options.comms.push_back(padded);
  });
  return options;
}

}  // namespace sbp
