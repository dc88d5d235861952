// The syscallbypid addon: exports the Tracer class and the constants of the shared BPF header.
#include <napi.h>

#include "../bpf/syscallbypid.h"
#include "errors.h"
#include "spawn.h"
#include "tracer.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  sbp::CaptureLibbpfLog();
  exports.Set("Tracer", sbp::Tracer::Define(env));
  sbp::DefineSpawn(env, exports);
  exports.Set("defaultMaxEntries", Napi::Number::New(env, SBP_DEFAULT_MAX_ENTRIES));
  exports.Set("commLength", Napi::Number::New(env, SBP_COMM_LEN));
  Napi::Array bounds = Napi::Array::New(env, SBP_TIME_BOUNDS);
  for (uint32_t b = 0; b < SBP_TIME_BOUNDS; b++) {
    bounds.Set(b, Napi::Number::New(env, static_cast<double>(1ULL << (SBP_TIME_LOG2_FIRST + b))));
  }
  exports.Set("histogramBoundsNs", bounds);
  return exports;
}

}  // namespace

NODE_API_MODULE(syscallbypid, Init)
