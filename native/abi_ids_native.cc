#include <asm/unistd.h>

#include "abi_ids.h"
#include "abi_ids.inc"

sbp::AbiIds sbp::NativeAbiIds() { return ReadAbiIds(); }
