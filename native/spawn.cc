#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "errors.h"

namespace sbp {
namespace {

// Runs in the forked child of a multi-threaded process: only async-signal-safe calls, no
// allocation. Waits for the parent's go-ahead, restores what a shell would give the command
// (default signal dispositions and an empty mask: Node ignores SIGPIPE; standard streams that
// stay open across exec and block: Node marks them close-on-exec and libuv may make them
// non-blocking), then execs. A failed exec
// reports its errno through `status`, which otherwise closes on exec.
[[noreturn]] void RunChild(int gate, int status, const char* path, char* const* argv) {
  char go;
  if (read(gate, &go, 1) != 1) _exit(127);  // the tool went away
  close(gate);
  struct sigaction dfl = {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; sig++) sigaction(sig, &dfl, nullptr);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int fd = 0; fd <= 2; fd++) {
    fcntl(fd, F_SETFD, 0);
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0 && (flags & O_NONBLOCK)) fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  }
  execv(path, argv);
  int err = errno;
  ssize_t ignored = write(status, &err, sizeof(err));
  (void)ignored;
  _exit(127);
}

Napi::Value SpawnPaused(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 2 || !info[0].IsString() || !info[1].IsArray()) {
    throw Napi::TypeError::New(env, "spawnPaused: expected (path, argv)");
  }
  std::string path = info[0].As<Napi::String>().Utf8Value();
  Napi::Array array = info[1].As<Napi::Array>();
  if (path.empty() || path.find('\0') != std::string::npos || array.Length() == 0 || array.Length() > 100000) {
    throw Napi::RangeError::New(env, "spawnPaused: path must be non-empty without NUL; argv must have 1 to 100000 strings");
  }
  std::vector<std::string> args;
  for (uint32_t i = 0; i < array.Length(); i++) {
    Napi::Value value = array.Get(i);
    if (!value.IsString()) throw Napi::TypeError::New(env, "spawnPaused: argv must hold strings");
    args.push_back(value.As<Napi::String>().Utf8Value());
    if (args.back().find('\0') != std::string::npos) throw Napi::RangeError::New(env, "spawnPaused: argv strings must not hold NUL");
  }
  // Everything the child needs is built before fork: it may not allocate.
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  int gate[2], status[2];
  if (pipe2(gate, O_CLOEXEC) != 0) throw StepError(env, "starting the command (pipe)", errno);
  if (pipe2(status, O_CLOEXEC) != 0) {
    int err = errno;
    close(gate[0]);
    close(gate[1]);
    throw StepError(env, "starting the command (pipe)", err);
  }
  pid_t pid = fork();
  if (pid == 0) RunChild(gate[0], status[1], path.c_str(), argv.data());
  int err = errno;
  close(gate[0]);
  close(status[1]);
  if (pid < 0) {
    close(gate[1]);
    close(status[0]);
    throw StepError(env, "starting the command (fork)", err);
  }
  Napi::Object result = Napi::Object::New(env);
  result.Set("pid", pid);
  result.Set("gate", gate[1]);
  result.Set("status", status[0]);
  return result;
}

Napi::Value ReleaseSpawn(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 2 || !info[0].IsNumber() || !info[1].IsNumber()) {
    throw Napi::TypeError::New(env, "releaseSpawn: expected (gate, status)");
  }
  int gate = info[0].As<Napi::Number>().Int32Value();
  int status = info[1].As<Napi::Number>().Int32Value();
  char go = 1;
  ssize_t written = write(gate, &go, 1);
  close(gate);
  int child_errno = 0;
  ssize_t n;
  do n = read(status, &child_errno, sizeof(child_errno));
  while (n < 0 && errno == EINTR);
  close(status);
  if (written != 1) return Napi::Number::New(env, EPIPE);
  return Napi::Number::New(env, n == sizeof(child_errno) ? child_errno : 0);
}

Napi::Value Reap(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 1 || !info[0].IsNumber()) throw Napi::TypeError::New(env, "reap: expected (pid)");
  int pid = info[0].As<Napi::Number>().Int32Value();
  if (pid <= 0) throw Napi::RangeError::New(env, "reap: pid must be positive");
  int wstatus = 0;
  pid_t done = waitpid(pid, &wstatus, WNOHANG);
  if (done == 0) return env.Null();
  if (done < 0) throw StepError(env, "waiting for the command", errno);
  Napi::Object result = Napi::Object::New(env);
  result.Set("code", WIFEXITED(wstatus) ? Napi::Value(Napi::Number::New(env, WEXITSTATUS(wstatus))) : env.Null());
  result.Set("signal", WIFSIGNALED(wstatus) ? Napi::Value(Napi::Number::New(env, WTERMSIG(wstatus))) : env.Null());
  return result;
}

}  // namespace

void DefineSpawn(Napi::Env env, Napi::Object exports) {
  exports.Set("spawnPaused", Napi::Function::New<SpawnPaused>(env, "spawnPaused"));
  exports.Set("releaseSpawn", Napi::Function::New<ReleaseSpawn>(env, "releaseSpawn"));
  exports.Set("reap", Napi::Function::New<Reap>(env, "reap"));
}

}  // namespace sbp
