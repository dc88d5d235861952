// Command mode's process start, in two steps, so that nothing of the command runs before it is
// in the kernel's followed set:
//   spawnPaused(path, argv, setup) -> { pid, gate, status }  forks a child that waits on `gate`
//   releaseSpawn(gate, status) -> null | { errno, step }      lets it exec; null once it did
//   reap(pid, block?) -> null | { code, signal }              its exit status; null while it runs
//                                                             (only without block)
//   reapOrphans() -> boolean                                  reaps adopted descendants; true
//                                                             once the tool has no child left
//   lookupUser(name | uid) -> null | { name, uid, gid, groups }  for --user
// Until it is released, the paused child holds nothing of the tool's (every fd but its stdio
// and its two pipe ends is closed) and dies with the tool (PR_SET_PDEATHSIG, and the gate's
// EOF), so a tool killed between the two steps leaves no process behind and nothing attached.
#pragma once

#include <napi.h>

namespace sbp {

void DefineSpawn(Napi::Env env, Napi::Object exports);

}  // namespace sbp
