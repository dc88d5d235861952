// Turns libbpf failures into JS exceptions shaped like Node's system errors, carrying the lines
// libbpf logged during the failing call. Native code never prints: libbpf's output is captured here.
#pragma once

#include <napi.h>

#include <string>
#include <vector>

namespace sbp {

// Routes libbpf's log into the capture buffer. Call once, at module load.
void CaptureLibbpfLog();

// Empties the capture buffer; call at the start of each native call that may log.
void ClearLibbpfLog();

// An Error with message "<step>: <strerror>", code ('EPERM'), errno (negative, as Node's),
// syscall 'bpf', step, and log (libbpf's lines captured since ClearLibbpfLog).
Napi::Error StepError(Napi::Env env, const std::string& step, int err);

}  // namespace sbp
