// The fork-family and exec calls of each syscall ABI the BPF program tells apart (enum sbp_abi),
// from the kernel's own uapi headers. Their macros share names across ABIs (__NR_fork is 57 in
// <asm/unistd_64.h> and 2 in <asm/unistd_32.h>), so each ABI is read in a file of its own
// (abi_ids_*.cc), all through the same body (abi_ids.inc).
#pragma once

#include <array>
#include <cstddef>

#include "../bpf/syscallbypid.h"

namespace sbp {

struct AbiIds {
  std::array<__s32, SBP_FORK_IDS> fork{-1, -1, -1, -1};  // -1: unused slot
  std::array<__s32, SBP_EXEC_IDS> exec{-1, -1};
};

// An ABI the running architecture does not have (i386 and x32 off x86_64) has no ids.
AbiIds NativeAbiIds();
AbiIds CompatAbiIds();
AbiIds X32AbiIds();

}  // namespace sbp
