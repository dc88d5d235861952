#!/usr/bin/env bash
# Builds the addon (and the vendored libbpf and libelf) with AddressSanitizer in a scratch copy of
# the checkout, then runs the addon and end-to-end tests against it: every path from JavaScript
# into native code, the drain among them, under ASan. Run through `npm run test:asan` (it needs
# npm's node-gyp settings); the end-to-end tests need root.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

(cd "$root" && git ls-files -z | xargs -0 cp --parents -t "$scratch")
ln -s "$root/node_modules" "$scratch/node_modules"
cd "$scratch"
flags='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all'
CFLAGS="$flags" CXXFLAGS="$flags" LDFLAGS="-fsanitize=address,undefined" node-gyp rebuild >/dev/null
"$root/node_modules/.bin/tsc" -p tsconfig.json
node scripts/bundle-cli.mjs # the end-to-end tests run the bundle, as users do

# Node itself is not instrumented, so the runtime is preloaded; leak checking would report Node's
# own allocations at exit.
export LD_PRELOAD="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)"
export ASAN_OPTIONS=detect_leaks=0:verify_asan_link_order=0:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# Refuse to pass vacuously: the addon under test must really be instrumented. (Not grep -q: it
# would stop reading early, and nm's SIGPIPE would fail the pipeline under pipefail.)
nm -D build/Release/syscallbypid.node | grep __asan_report >/dev/null || { echo "test:asan: the addon is not instrumented" >&2; exit 1; }
node --import tsx --test test/e2e/native.test.ts test/e2e/trace.test.ts test/e2e/faults.test.ts
