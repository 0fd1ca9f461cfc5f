#!/bin/sh
# Installs the MapServer side of `npm run bench:wfs` on Debian 12 (bookworm): MapServer 8 as a
# FastCGI binary (cgi-mapserver), its command-line tools (mapserver-bin), spawn-fcgi and nginx.
# Idempotent: installs only the packages that are missing. Needs root (or sudo).
set -eu

PACKAGES="cgi-mapserver mapserver-bin spawn-fcgi nginx"

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  echo "setup-debian: all present ($PACKAGES)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else echo "setup-debian: need root to install:$missing" >&2; exit 1; fi
fi

echo "setup-debian: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# nginx's package starts a system nginx on :80 on install where an init system runs; the benchmark
# does not use it (it runs its own nginx on a free loopback port with a generated config).
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
