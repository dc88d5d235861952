#!/usr/bin/env bash
# Builds prebuilds/linux-<arch>/syscallbypid.node, the addon that `npm pack` ships (the prepack
# script), so that installing the package needs no compiler. libbpf, libelf, zlib, libstdc++ and
# libgcc are linked statically; it is compiled in a Debian bullseye root (glibc 2.31), and the glibc
# symbols it uses are all versioned 2.28 or older (checked below), so it loads on any glibc from 2.28
# on: Debian 10, Ubuntu 20.04, RHEL 8 and later. N-API keeps it valid for every Node version the
# package supports.
#
# Needs root: it makes the bullseye root with debootstrap (installed from Debian's packages if
# missing; the root is cached in ${SYSCALLBYPID_BUILD_ROOT:-~/.cache/syscallbypid/bullseye-<arch>})
# and compiles in it with chroot. node-gyp configures the build on this machine; only the compiler,
# linker, C library and zlib come from bullseye. Mounts live in a private mount namespace, so none
# outlives the script.
set -euo pipefail
root_dir=$(cd "$(dirname "$0")/.." && pwd)
arch=$(node -p process.arch)
case "$arch" in
  x64) debian_arch=amd64 ;;
  *) echo "build-prebuilt: only linux-x64 is prebuilt; on $arch the package builds from source" >&2; exit 1 ;;
esac
if [ "$(id -u)" != 0 ]; then
  echo "build-prebuilt: needs root (debootstrap and chroot build the addon against glibc 2.31); run: sudo npm pack" >&2
  exit 1
fi

build_root=${SYSCALLBYPID_BUILD_ROOT:-${HOME:-/root}/.cache/syscallbypid/bullseye-$debian_arch}
if [ ! -e "$build_root/.complete" ]; then
  if ! command -v debootstrap >/dev/null; then
    echo "build-prebuilt: installing debootstrap from Debian's packages" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  fi
  # The Debian mirror this machine's apt uses; none: apt-mirror.sh says so and this stops.
  mirror=$("$root_dir/scripts/apt-mirror.sh")
  echo "build-prebuilt: making a Debian bullseye root in $build_root (a few minutes, once)" >&2
  rm -rf "$build_root"
  mkdir -p "$(dirname "$build_root")"
  debootstrap --variant=minbase --arch="$debian_arch" --include=g++,make,zlib1g-dev bullseye "$build_root" "$mirror" >/dev/null
  touch "$build_root/.complete"
fi

# The sources node-gyp needs, configured here, then compiled in the root at the same path.
stage=$(mktemp -d /tmp/syscallbypid-prebuilt.XXXXXX)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/src/bpf" "$stage/src/node_modules"
cp -a "$root_dir/binding.gyp" "$root_dir/native" "$stage/src/"
cp -a "$root_dir/bpf/syscallbypid.h" "$root_dir/bpf/syscallbypid.skel.h" "$stage/src/bpf/"
cp -a "$root_dir/node_modules/node-addon-api" "$stage/src/node_modules/"
nodedir=${npm_config_nodedir:-$(dirname "$(dirname "$(command -v node)")")}
headers="$nodedir/include/node"
[ -f "$headers/node_api.h" ] || { echo "build-prebuilt: no Node headers in $headers (set npm's nodedir)" >&2; exit 1; }
# npm tells its scripts where its own node-gyp is; run by hand, take npm's.
node_gyp=${npm_config_node_gyp:-$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js}
(cd "$stage/src" && node "$node_gyp" configure --loglevel=warn --nodedir="$nodedir" -- -Dprebuilt=true)
# The Makefile checks that the gyp files it came from (node-gyp's addon.gypi among them) still exist.
gyp_dir=$(dirname "$(dirname "$node_gyp")")

unshare -m --propagation private bash -euc '
  build_root=$1 stage=$2 headers=$3 gyp_dir=$4
  for dir in "$stage" "$headers" "$gyp_dir"; do
    mkdir -p "$build_root$dir"
    mount --bind "$dir" "$build_root$dir"
  done
  mount -t proc proc "$build_root/proc"
  chroot "$build_root" make -C "$stage/src/build" BUILDTYPE=Release -j"$(nproc)" >/dev/null
' bash "$build_root" "$stage" "$headers" "$gyp_dir"

addon="$stage/src/build/Release/syscallbypid.node"
# Nothing but the C library (and, before glibc 2.34, its libm/libpthread/libdl parts) may be dynamic.
extra=$(ldd "$addon" | awk '{print $1}' | grep -vE '^(linux-vdso\.so\.1|/lib64/ld-linux-x86-64\.so\.2|libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2)$' || true)
if [ -n "$extra" ]; then
  echo "build-prebuilt: the addon links more than the C library dynamically: $extra" >&2
  exit 1
fi
# The README promises glibc 2.28 (RHEL 8): a symbol of a newer glibc would break that.
floor=GLIBC_2.28
newest=$(objdump -T "$addon" | grep -oE 'GLIBC_[0-9.]+' | sort -uV | tail -1)
if [ "$(printf '%s\n' "$floor" "$newest" | sort -V | tail -1)" != "$floor" ]; then
  echo "build-prebuilt: the addon needs $newest, newer than the $floor the package promises" >&2
  exit 1
fi
out=$(node -p "require('$root_dir/scripts/prebuilt-path.cjs').prebuiltPath('linux', '$arch')")
mkdir -p "$(dirname "$out")"
cp "$addon" "$out"
echo "build-prebuilt: wrote $out (needs $newest or later)" >&2
