#!/usr/bin/env bash
# Prints the Debian mirror this machine's apt already uses (its first http(s) URI whose path ends in
# /debian), for the scripts that fetch Debian packages: native/deps/update.sh,
# scripts/build-prebuilt.sh, scripts/gen-syscall-tables.mjs. No address is kept in the repository:
# without one in the apt sources, it fails with a line saying so.
# Reads one-line entries (`deb [options] URI suite ...`, also deb-src) from sources.list and
# sources.list.d/*.list, and deb822 stanzas (`URIs:`) from sources.list.d/*.sources, skipping
# stanzas with `Enabled: no`. APT_MIRROR_ETC stands for /etc/apt (the tests).
set -euo pipefail
etc=${APT_MIRROR_ETC:-/etc/apt}
shopt -s nullglob
mirror=$(
  {
    cat "$etc/sources.list" "$etc"/sources.list.d/*.list 2>/dev/null |
      sed -nE 's/^[[:space:]]*deb(-src)?[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+).*/\3/p' || true
    for file in "$etc"/sources.list.d/*.sources; do
      # A blank line ends a stanza; print each enabled stanza's URIs, one a line.
      awk '
        function flush() { if (enabled) for (i = 1; i <= n; i++) print uris[i]; n = 0; enabled = 1 }
        BEGIN { enabled = 1 }
        /^[[:space:]]*$/ { flush(); next }
        /^#/ { next }
        tolower($1) == "enabled:" && tolower($2) == "no" { enabled = 0 }
        tolower($1) == "uris:" { for (i = 2; i <= NF; i++) uris[++n] = $i }
        END { flush() }
      ' "$file"
    done
  } | grep -m1 -E '^https?://[^[:space:]]*/debian/?$' || true
)
if [ -z "$mirror" ]; then
  echo "apt-mirror: no Debian mirror (an http(s) URI ending in /debian) in $etc/sources.list or $etc/sources.list.d; add this machine's Debian mirror to apt's sources" >&2
  exit 1
fi
echo "${mirror%/}"
