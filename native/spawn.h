// Command mode's process start, in two steps, so that nothing of the command runs before it is
// in the kernel's followed set:
//   spawnPaused(path, argv) -> { pid, gate, status }  forks a child that waits on `gate`
//   releaseSpawn(gate, status) -> errno               lets it exec; 0 once the exec succeeded
//   reap(pid) -> null | { code, signal }              its exit status, without blocking
#pragma once

#include <napi.h>

namespace sbp {

void DefineSpawn(Napi::Env env, Napi::Object exports);

}  // namespace sbp
