#include "abi_ids.h"

#ifdef __x86_64__
#include <asm/unistd_32.h>

#include "abi_ids.inc"

sbp::AbiIds sbp::CompatAbiIds() { return ReadAbiIds(); }
#else
sbp::AbiIds sbp::CompatAbiIds() { return {}; }
#endif
