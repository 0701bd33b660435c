#!/usr/bin/env bash
# Makes sure the machine has what the tests use beyond npm: a running PostgreSQL
# (for the storage tests) and Debian's Chromium, fonts and poppler (browser tests,
# PDF reports). Installs missing Debian packages when run as root; otherwise says
# what is missing. Run by `npm test` (pretest) and so by `.ci/run`.
set -uo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
fc-list 2>/dev/null | grep -qi "noto sans cjk" || need+=(fonts-noto-cjk)
fc-list 2>/dev/null | grep -qi "noto naskh arabic\|noto sans arabic" || need+=(fonts-noto-core)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "ensure-system: installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || {
      echo "ensure-system: apt-get install ${need[*]} failed" >&2; exit 1; }
  else
    echo "ensure-system: missing Debian packages: ${need[*]} (install them as root: apt-get install ${need[*]})" >&2
  fi
fi

# PostgreSQL on 127.0.0.1:5432: start the local cluster when it is installed but stopped.
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  if [ "$(id -u)" = "0" ] && command -v pg_ctlcluster >/dev/null 2>&1; then
    for v in $(ls /etc/postgresql 2>/dev/null); do pg_ctlcluster --skip-systemctl-redirect "$v" main start || true; done
  fi
fi
exit 0
