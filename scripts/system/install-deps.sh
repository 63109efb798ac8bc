#!/usr/bin/env bash
# Installs the system packages the project's tests need (Debian bookworm, as root):
#   rabbitmq-server, activemq  -- the real STOMP brokers (scripts/brokers/ configures and runs them)
#   openssl                    -- test certificates for STOMP over TLS
#   chromium, xvfb             -- browser and headed-window tests
#   python3-stomp              -- stomp.py, a third-party client the proxy and interop tests drive
#   libxstream-java, libjettison-java -- ActiveMQ's STOMP needs them to send the statistics plugin's
#                                 answers (MapMessages) as JSON or XML (transformation: jms-map-json)
# Idempotent: a fast no-op when everything is present. Runs `apt-get update` only when a missing
# package has no install candidate. The brokers' postinst would start them with Debian's default
# config (bound to all interfaces): a temporary /usr/sbin/policy-rc.d that exits 101 prevents it.
#
# Usage: scripts/system/install-deps.sh [--check]   (--check: exit 1 if something is missing, install nothing)
set -euo pipefail

PACKAGES=(rabbitmq-server activemq openssl chromium xvfb python3-stomp libxstream-java libjettison-java)
# Packages whose maintainer scripts would start a service.
SERVICE_PACKAGES=(rabbitmq-server activemq)

log() { printf 'install-deps: %s\n' "$*" >&2; }

is_installed() {
  # dpkg -s says "Status: install ok installed" only for a fully configured package.
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

missing=()
for p in "${PACKAGES[@]}"; do
  is_installed "$p" || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  log "all present: ${PACKAGES[*]}"
  exit 0
fi

if [[ "${1:-}" == "--check" ]]; then
  log "missing: ${missing[*]}"
  exit 1
fi

if [[ $(id -u) -ne 0 ]]; then
  log "ERROR: missing packages: ${missing[*]}"
  log "       run as root: sudo $0   (or: sudo apt-get install -y --no-install-recommends ${missing[*]})"
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive

has_candidate() {
  local c
  c=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2; exit}')
  [[ -n "$c" && "$c" != "(none)" ]]
}

need_update=0
for p in "${missing[@]}"; do
  has_candidate "$p" || { need_update=1; break; }
done
if [[ $need_update -eq 1 ]]; then
  log "package lists lack a candidate: apt-get update"
  apt-get update -q
fi

# Guard against services being started by postinst scripts.
created_policy=0
needs_guard=0
for p in "${missing[@]}"; do
  for s in "${SERVICE_PACKAGES[@]}"; do [[ "$p" == "$s" ]] && needs_guard=1; done
done
cleanup() {
  if [[ $created_policy -eq 1 ]]; then rm -f /usr/sbin/policy-rc.d; fi
}
trap cleanup EXIT
if [[ $needs_guard -eq 1 && ! -e /usr/sbin/policy-rc.d ]]; then
  printf '#!/bin/sh\n# temporary, from %s: no service starts during install\nexit 101\n' "$0" >/usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  created_policy=1
fi

log "installing: ${missing[*]}"
if ! apt-get install -y -q --no-install-recommends "${missing[@]}"; then
  # Package lists that are present but stale name versions the mirror no longer has: refresh once.
  log "install failed: apt-get update, then one more try"
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# A stray broker started despite the guard (e.g. by a policy-rc.d that allowed it) would hold the
# ports: the project's scripts run their own instances. Debian's own ones are not enabled otherwise.
for p in "${missing[@]}"; do
  is_installed "$p" || { log "ERROR: $p still not installed"; exit 1; }
done
log "done"
