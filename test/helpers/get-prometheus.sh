#!/usr/bin/env bash
# Prints the path of a Prometheus server binary for the exporter's end-to-end test: `prometheus` on
# PATH if there is one, else Debian's `prometheus` package, downloaded with this machine's own apt
# sources into a cache (~/.cache/syscallbypid/prometheus) and unpacked there. Nothing is installed
# system-wide and no service is started: the test runs its own server on loopback.
set -euo pipefail
if command -v prometheus >/dev/null; then command -v prometheus; exit 0; fi
cache=${XDG_CACHE_HOME:-$HOME/.cache}/syscallbypid/prometheus
binary=$cache/usr/bin/prometheus
if [ ! -x "$binary" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial"
  # A private package index: the machine's /var/lib/apt stays as it was.
  apt=(apt-get -qq -o Dir::State::Lists="$tmp/lists" -o Dir::Cache="$tmp/cache" -o APT::Sandbox::User=root)
  "${apt[@]}" update >&2
  (cd "$tmp" && "${apt[@]}" download prometheus >&2)
  rm -rf "$cache.partial"
  mkdir -p "$(dirname "$cache")" # a fresh HOME has no ~/.cache yet
  dpkg-deb -x "$tmp"/prometheus_*.deb "$cache.partial"
  rm -rf "$cache"
  mv "$cache.partial" "$cache"
fi
echo "$binary"
