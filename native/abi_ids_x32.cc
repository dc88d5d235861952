#include "abi_ids.h"

#ifdef __x86_64__
// x32 numbers are the x32 table's plus __X32_SYSCALL_BIT, which the BPF program clears before
// counting: with the bit defined as 0 here, the macros give the numbers it reports.
#define __X32_SYSCALL_BIT 0
#include <asm/unistd_x32.h>

#include "abi_ids.inc"

sbp::AbiIds sbp::X32AbiIds() { return ReadAbiIds(); }
#else
sbp::AbiIds sbp::X32AbiIds() { return {}; }
#endif
