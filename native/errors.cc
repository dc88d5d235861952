#include "errors.h"

#include <bpf/libbpf.h>
#include <uv.h>

#include <cstdarg>
#include <cstdio>
#include <cstring>

namespace sbp {
namespace {

// libbpf logs from the thread that called it, which is always the JS thread here.
std::vector<std::string> log_lines;

int CaptureLine(enum libbpf_print_level level, const char* format, va_list args) {
  if (level == LIBBPF_DEBUG) return 0;
  char line[1024];
  int n = vsnprintf(line, sizeof(line), format, args);
  if (n < 0) return n;
  std::string text(line);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  if (!text.empty()) log_lines.push_back(std::move(text));
  return n;
}

}  // namespace

void CaptureLibbpfLog() { libbpf_set_print(CaptureLine); }

void ClearLibbpfLog() { log_lines.clear(); }

Napi::Error StepError(Napi::Env env, const std::string& step, int err) {
  if (err < 0) err = -err;
  // libbpf's own error numbers (4000 and up, "Invalid BPF object format") are not errnos.
  bool libbpf_error = err >= __LIBBPF_ERRNO__START && err < __LIBBPF_ERRNO__END;
  char reason[256];
  if (libbpf_error) libbpf_strerror(err, reason, sizeof(reason));
  Napi::Error error = Napi::Error::New(env, step + ": " + (libbpf_error ? reason : strerror(err)));
  Napi::Object object = error.Value();
  // uv_err_name() knows every errno name ("EPERM"); libuv codes are negative errnos on Linux.
  object.Set("code", libbpf_error ? "ELIBBPF" : uv_err_name(-err));
  object.Set("errno", -err);
  object.Set("syscall", "bpf");
  object.Set("step", step);
  Napi::Array log = Napi::Array::New(env, log_lines.size());
  for (size_t i = 0; i < log_lines.size(); i++) log.Set(i, log_lines[i]);
  object.Set("log", log);
  return error;
}

}  // namespace sbp
