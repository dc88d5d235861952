#!/usr/bin/env bash
# Re-vendor libbpf and elfutils' libelf from Debian's source packages.
# Usage: native/deps/update.sh [suite]   (default: trixie)
# Copies the released files unchanged; only the subset the build uses is kept (see README.md here).
set -euo pipefail
suite=${1:-trixie}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The Debian mirror this machine's apt uses; none: apt-mirror.sh says so and this stops.
mirror=$("$here/../../scripts/apt-mirror.sh")
mkdir -p "$tmp/lists/partial" "$tmp/src"
echo "deb-src ${mirror%/} $suite main" > "$tmp/sources.list"
apt=(apt-get -qq -o Dir::Etc::sourcelist="$tmp/sources.list" -o Dir::Etc::sourceparts=- -o Dir::State::Lists="$tmp/lists")
"${apt[@]}" update
(cd "$tmp/src" && "${apt[@]}" source --download-only libbpf elfutils 2>/dev/null)

libbpf_tar=$(ls "$tmp"/src/libbpf_*.orig.tar.gz)
elfutils_tar=$(ls "$tmp"/src/elfutils_*.orig.tar.bz2)
tar -C "$tmp" -xzf "$libbpf_tar"
tar -C "$tmp" -xjf "$elfutils_tar"

rm -rf "$here/libbpf" "$here/elfutils"
mkdir -p "$here/libbpf" "$here/elfutils"
libbpf_dir=$(ls -d "$tmp"/libbpf-*/)
cp -a "$libbpf_dir"/{src,include,LICENSE,LICENSE.BSD-2-Clause,LICENSE.LGPL-2.1,CHECKPOINT-COMMIT,README.md} "$here/libbpf/"
elfutils_dir=$(ls -d "$tmp"/elfutils-*/)
cp -a "$elfutils_dir"/{libelf,lib,COPYING,COPYING-GPLV2,COPYING-LGPLV3,AUTHORS,README} "$here/elfutils/"

{
  echo "# Recorded by update.sh; do not edit."
  echo "suite=$suite"
  for t in "$libbpf_tar" "$elfutils_tar" "$tmp"/src/*.dsc "$tmp"/src/*.debian.tar.*; do
    echo "$(basename "$t") sha256=$(sha256sum "$t" | cut -d' ' -f1)"
  done
} > "$here/VERSIONS"
cat "$here/VERSIONS"
