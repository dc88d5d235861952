#!/usr/bin/env bash
# clang-format over the addon and the BPF program, with the clang-format binary that `npm ci`
# installs (the npm package ships it), so every machine formats alike. Not native/deps/ (vendored
# as released) nor bpf/syscallbypid.skel.h (generated). With --check it changes nothing and fails
# on the first file that is not formatted.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files 'native/*.cc' 'native/*.h' 'native/*.inc' 'bpf/*.c' 'bpf/*.h' | grep -v -e '^native/deps/' -e '\.skel\.h$')
clang_format=node_modules/.bin/clang-format
if [ "${1:-}" = --check ]; then
  "$clang_format" --dry-run -Werror "${files[@]}"
else
  "$clang_format" -i "${files[@]}"
fi
