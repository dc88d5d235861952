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
  // One call can carry the whole verifier log: size the buffer to it.
  va_list again;
  va_copy(again, args);
  int n = vsnprintf(nullptr, 0, format, args);
  if (n < 0) {
    va_end(again);
    return n;
  }
  std::string text(static_cast<size_t>(n) + 1, '\0');
  vsnprintf(text.data(), text.size(), format, again);
  va_end(again);
  text.resize(n);
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) log_lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
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
