#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/keyctl.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "errors.h"

#ifndef __NR_close_range
#define __NR_close_range 436  // the same number on every architecture (Linux 5.9)
#endif

namespace sbp {
namespace {

// What the child does between fork and exec, all decided before fork.
struct ChildSetup {
  pid_t parent = 0;
  int gate = -1;                  // read end: one byte releases the child, EOF means the tool went away
  int status = -1;                // write end, close-on-exec: a failed step's { step, errno }
  bool ignore_hangup = false;     // the tool started with SIGHUP ignored (nohup): so does COMMAND
  rlim_t nofile = RLIM_INFINITY;  // RLIM_INFINITY: keep; else the soft RLIMIT_NOFILE to restore
  bool switch_user = false;
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;
};

enum ChildStep : int { kStepExec = 0, kStepUser = 1 };

// Closes every fd from `from` up, but `keep_a` and `keep_b`.
void CloseFrom(int from, int keep_a, int keep_b) {
  int lo = keep_a < keep_b ? keep_a : keep_b, hi = keep_a < keep_b ? keep_b : keep_a;
  unsigned ranges[3][2] = {{static_cast<unsigned>(from), static_cast<unsigned>(lo - 1)},
                           {static_cast<unsigned>(lo + 1), static_cast<unsigned>(hi - 1)},
                           {static_cast<unsigned>(hi + 1), ~0U}};
  for (auto& range : ranges) {
    if (range[0] > range[1]) continue;
    if (syscall(__NR_close_range, range[0], range[1], 0) == 0) continue;
    // Without close_range (a seccomp filter refusing it): one close a possible fd.
    struct rlimit limit;
    unsigned last = getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < range[1] ? limit.rlim_cur : range[1];
    for (unsigned fd = range[0]; fd <= last && fd != ~0U; fd++) close(static_cast<int>(fd));
  }
}

[[noreturn]] void Fail(int status, ChildStep step) {
  int report[2] = {step, errno};
  ssize_t ignored = write(status, report, sizeof(report));
  (void)ignored;
  _exit(127);
}

// Runs in the forked child of a multi-threaded process: only async-signal-safe calls, no
// allocation, raw syscalls for credentials (glibc's wrappers would signal threads that exist
// only in the parent). All signals are blocked on entry (see SpawnPaused).
[[noreturn]] void RunChild(const ChildSetup& setup, const char* path, char* const* argv) {
  // While paused the child is the tool's: it dies with it. getppid() after prctl catches a
  // tool that died before the death signal was armed.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != setup.parent) _exit(127);
  // Nothing of the tool's may outlive it here: not the BPF program's, maps' and links' fds, nor
  // the gate's write end, whose copy would keep the gate from ever reporting EOF.
  CloseFrom(3, setup.gate, setup.status);
  // What a shell would give the command: default signal dispositions (Node ignores SIGPIPE and
  // installs handlers; SIGHUP stays ignored under nohup) and an empty mask.
  struct sigaction action = {};
  for (int sig = 1; sig < NSIG; sig++) {
    action.sa_handler = sig == SIGHUP && setup.ignore_hangup ? SIG_IGN : SIG_DFL;
    sigaction(sig, &action, nullptr);
  }
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);

  char go;
  ssize_t n;
  do n = read(setup.gate, &go, 1);
  while (n < 0 && errno == EINTR);
  if (n != 1) _exit(127);  // the tool went away
  close(setup.gate);
  // Released: from here on the command lives as long as it would without the tool.
  prctl(PR_SET_PDEATHSIG, 0);

  if (setup.nofile != RLIM_INFINITY) {
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && setup.nofile <= limit.rlim_max) {
      limit.rlim_cur = setup.nofile;
      setrlimit(RLIMIT_NOFILE, &limit);
    }
  }
  if (setup.switch_user) {
    // Nothing of root's login may reach the other user. A session of its own leaves root's
    // controlling terminal behind: with it COMMAND could type into root's shell (TIOCSTI) or
    // read /dev/tty. A new, empty session keyring (as pam_keyinit gives su and sudo) hides root's
    // keys. Both before the credentials change, while permitted.
    if (setsid() < 0) Fail(setup.status, kStepUser);
    if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, nullptr) < 0) Fail(setup.status, kStepUser);
    // Groups first, then the gid, then the uid: after setuid the rest is no longer permitted.
    if (syscall(SYS_setgroups, setup.groups.size(), setup.groups.data()) != 0) Fail(setup.status, kStepUser);
    if (syscall(SYS_setresgid, setup.gid, setup.gid, setup.gid) != 0) Fail(setup.status, kStepUser);
    if (syscall(SYS_setresuid, setup.uid, setup.uid, setup.uid) != 0) Fail(setup.status, kStepUser);
    // Between two non-root uids setuid keeps capabilities, and ambient ones survive exec: a tool
    // given some (capsh --addamb, systemd's AmbientCapabilities) must not hand them to COMMAND.
    // Drop every set (ambient ones must lie within the permitted), then check that none is left.
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL) Fail(setup.status, kStepUser);
    struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct caps[_LINUX_CAPABILITY_U32S_3] = {};
    if (syscall(SYS_capset, &header, caps) != 0) Fail(setup.status, kStepUser);
    if (syscall(SYS_capget, &header, caps) != 0) Fail(setup.status, kStepUser);
    for (const auto& set : caps) {
      if (set.permitted != 0 || set.effective != 0 || set.inheritable != 0) {
        errno = EPERM;
        Fail(setup.status, kStepUser);
      }
    }
  }
  // Standard streams that stay open across exec and block: Node marks them close-on-exec and
  // libuv may make them non-blocking.
  for (int fd = 0; fd <= 2; fd++) {
    fcntl(fd, F_SETFD, 0);
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0 && (flags & O_NONBLOCK)) fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  }
  execv(path, argv);
  Fail(setup.status, kStepExec);
}

// setup: { ignoreHangup?, nofile?, user?: { uid, gid, groups } }, all checked here.
void ParseSetup(Napi::Env env, Napi::Value value, ChildSetup& setup) {
  if (value.IsUndefined()) return;
  if (!value.IsObject()) throw Napi::TypeError::New(env, "spawnPaused: setup must be an object");
  Napi::Object object = value.As<Napi::Object>();
  auto id = [&](Napi::Value v, const char* name) {
    double n = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : -1;
    if (!(n >= 0 && n < 4294967295.0) || n != static_cast<double>(static_cast<uint32_t>(n))) {
      throw Napi::RangeError::New(env, std::string("spawnPaused: ") + name + " must be an integer from 0 to 4294967294");
    }
    return static_cast<uint32_t>(n);
  };
  Napi::Value hangup = object.Get("ignoreHangup");
  if (!hangup.IsUndefined()) setup.ignore_hangup = hangup.ToBoolean().Value();
  Napi::Value nofile = object.Get("nofile");
  if (!nofile.IsUndefined()) setup.nofile = id(nofile, "nofile");
  Napi::Value user = object.Get("user");
  if (user.IsUndefined()) return;
  if (!user.IsObject()) throw Napi::TypeError::New(env, "spawnPaused: user must be an object");
  Napi::Object credentials = user.As<Napi::Object>();
  setup.switch_user = true;
  setup.uid = id(credentials.Get("uid"), "user.uid");
  setup.gid = id(credentials.Get("gid"), "user.gid");
  Napi::Value groups = credentials.Get("groups");
  if (!groups.IsArray() || groups.As<Napi::Array>().Length() > 65536) {
    throw Napi::TypeError::New(env, "spawnPaused: user.groups must be an array of at most 65536 gids");
  }
  Napi::Array array = groups.As<Napi::Array>();
  for (uint32_t i = 0; i < array.Length(); i++) setup.groups.push_back(id(array.Get(i), "user.groups[]"));
}

Napi::Value SpawnPaused(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || info.Length() > 3 || !info[0].IsString() || !info[1].IsArray()) {
    throw Napi::TypeError::New(env, "spawnPaused: expected (path, argv, setup?)");
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
  ChildSetup setup;
  ParseSetup(env, info.Length() == 3 ? info[2] : env.Undefined(), setup);
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
  // Descendants that a daemon orphans are adopted by the tool, which waits for them (reapOrphans).
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  setup.parent = getpid();
  setup.gate = gate[0];
  setup.status = status[1];
  // No signal handler of the tool's may run in the child before it resets them: Node's would
  // write into the tool's own signal pipe.
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  pid_t pid = fork();
  if (pid == 0) RunChild(setup, path.c_str(), argv.data());
  int err = errno;
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
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
  int report[2] = {kStepExec, 0};
  ssize_t n;
  do n = read(status, report, sizeof(report));
  while (n < 0 && errno == EINTR);
  close(status);
  if (written != 1) report[1] = EPIPE;
  else if (n != sizeof(report)) return env.Null();
  Napi::Object failure = Napi::Object::New(env);
  failure.Set("errno", report[1]);
  failure.Set("step", report[0] == kStepUser ? "user" : "exec");
  return failure;
}

Napi::Object Status(Napi::Env env, int wstatus) {
  Napi::Object result = Napi::Object::New(env);
  result.Set("code", WIFEXITED(wstatus) ? Napi::Value(Napi::Number::New(env, WEXITSTATUS(wstatus))) : env.Null());
  result.Set("signal", WIFSIGNALED(wstatus) ? Napi::Value(Napi::Number::New(env, WTERMSIG(wstatus))) : env.Null());
  return result;
}

Napi::Value Reap(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || info.Length() > 2 || !info[0].IsNumber() || (info.Length() == 2 && !info[1].IsBoolean())) {
    throw Napi::TypeError::New(env, "reap: expected (pid, block?)");
  }
  int pid = info[0].As<Napi::Number>().Int32Value();
  if (pid <= 0) throw Napi::RangeError::New(env, "reap: pid must be positive");
  bool block = info.Length() == 2 && info[1].As<Napi::Boolean>().Value();
  int wstatus = 0;
  pid_t done;
  do done = waitpid(pid, &wstatus, block ? 0 : WNOHANG);
  while (done < 0 && errno == EINTR);
  if (done == 0) return env.Null();
  if (done < 0) throw StepError(env, "waiting for the command", errno);
  return Status(env, wstatus);
}

Napi::Value ReapOrphans(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  for (;;) {
    int wstatus = 0;
    pid_t done = waitpid(-1, &wstatus, WNOHANG);
    if (done > 0) continue;
    if (done == 0) return Napi::Boolean::New(env, false);
    if (errno == ECHILD) return Napi::Boolean::New(env, true);
    if (errno != EINTR) throw StepError(env, "waiting for the command's processes", errno);
  }
}

Napi::Value LookupUser(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 1 || !info[0].IsString()) throw Napi::TypeError::New(env, "lookupUser: expected (name or uid)");
  std::string text = info[0].As<Napi::String>().Utf8Value();
  if (text.empty() || text.size() > 256 || text.find('\0') != std::string::npos) return env.Null();
  bool numeric = text.find_first_not_of("0123456789") == std::string::npos;
  // A uid beyond uid_t, or (uid_t)-1, is no user: it must not wrap around to another (4294967296 to root).
  if (numeric && (text.size() > 10 || std::strtoull(text.c_str(), nullptr, 10) > 4294967294ULL)) return env.Null();
  std::vector<char> buffer(16384);
  struct passwd entry, *found = nullptr;
  int err;
  for (;;) {
    err = numeric ? getpwuid_r(static_cast<uid_t>(std::strtoul(text.c_str(), nullptr, 10)), &entry, buffer.data(), buffer.size(), &found)
                  : getpwnam_r(text.c_str(), &entry, buffer.data(), buffer.size(), &found);
    if (err != ERANGE || buffer.size() > (1 << 24)) break;
    buffer.resize(buffer.size() * 4);
  }
  if (err != 0) throw StepError(env, "looking up user " + text, err);
  if (!found) return env.Null();
  // The supplementary groups initgroups(3) would set, read here: the child may not allocate.
  std::vector<gid_t> groups(64);
  int count = static_cast<int>(groups.size());
  while (getgrouplist(entry.pw_name, entry.pw_gid, groups.data(), &count) < 0) {
    if (count <= static_cast<int>(groups.size())) count = static_cast<int>(groups.size()) * 2;
    if (count > 65536) throw StepError(env, "listing the groups of user " + text, E2BIG);
    groups.resize(count);
  }
  Napi::Object result = Napi::Object::New(env);
  result.Set("name", entry.pw_name);
  result.Set("uid", Napi::Number::New(env, entry.pw_uid));
  result.Set("gid", Napi::Number::New(env, entry.pw_gid));
  Napi::Array list = Napi::Array::New(env, count);
  for (int i = 0; i < count; i++) list.Set(i, Napi::Number::New(env, groups[i]));
  result.Set("groups", list);
  return result;
}

}  // namespace

void DefineSpawn(Napi::Env env, Napi::Object exports) {
  exports.Set("spawnPaused", Napi::Function::New<SpawnPaused>(env, "spawnPaused"));
  exports.Set("releaseSpawn", Napi::Function::New<ReleaseSpawn>(env, "releaseSpawn"));
  exports.Set("reap", Napi::Function::New<Reap>(env, "reap"));
  exports.Set("reapOrphans", Napi::Function::New<ReapOrphans>(env, "reapOrphans"));
  exports.Set("lookupUser", Napi::Function::New<LookupUser>(env, "lookupUser"));
}

}  // namespace sbp
