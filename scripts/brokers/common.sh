# shellcheck shell=bash
# Shared settings and helpers for scripts/brokers/*.sh (sourced, not run).
# Every path is absolute, so the scripts work from any working directory.

set -euo pipefail

BROKERS_SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd "$BROKERS_SCRIPTS/../.." && pwd -P)"

# --- Endpoints (loopback only). Tests read them through scripts/brokers/endpoints.sh. ---
# Each can be moved with the STOMP_<NAME> variable (e.g. STOMP_RABBITMQ_STOMP_PORT=62613), together
# with STOMP_BROKERS_DIR, to run a second, private pair of brokers beside the shared ones (a test
# that kills a broker, or trying a configuration change): see README.md.
BROKER_HOST=127.0.0.1
BROKER_LOGIN=guest
BROKER_PASSCODE=guest
RABBITMQ_AMQP_PORT="${STOMP_RABBITMQ_AMQP_PORT:-5672}"                 # AMQP stays on, loopback only (RabbitMQ needs a core listener)
RABBITMQ_STOMP_PORT="${STOMP_RABBITMQ_STOMP_PORT:-61613}"
RABBITMQ_STOMP_TLS_PORT="${STOMP_RABBITMQ_STOMP_TLS_PORT:-61615}"
RABBITMQ_WS_PORT="${STOMP_RABBITMQ_WS_PORT:-15674}"                   # ws://127.0.0.1:15674/ws, subprotocol v12.stomp
RABBITMQ_WS_PATH=/ws
RABBITMQ_MANAGEMENT_PORT="${STOMP_RABBITMQ_MANAGEMENT_PORT:-15672}"   # http://127.0.0.1:15672/ (UI and /api), guest/guest
RABBITMQ_VHOST=/
RABBITMQ_NODE="${STOMP_RABBITMQ_NODE:-rabbit@localhost}"              # a second node on the machine needs another name
ACTIVEMQ_STOMP_PORT="${STOMP_ACTIVEMQ_STOMP_PORT:-61614}"
ACTIVEMQ_WS_PORT="${STOMP_ACTIVEMQ_WS_PORT:-61623}"
ACTIVEMQ_VHOST=localhost         # ActiveMQ ignores the STOMP host header
START_TIMEOUT_S="${STOMP_BROKER_START_TIMEOUT:-60}"

# --- State directory ---
# <repo>/.brokers unless STOMP_BROKERS_DIR says otherwise. The brokers run as their own system
# users (rabbitmq, activemq) when we are root, so these users must be able to reach the folder: if
# the repository sits where they can't (e.g. under /root, mode 700), fall back to a folder under
# /var/tmp named after the repository path.
service_user_can_reach() { # DIR USER
  runuser -u "$2" -- test -x "$1" 2>/dev/null
}
resolve_state_dir() {
  if [[ -n "${STOMP_BROKERS_DIR:-}" ]]; then
    printf '%s\n' "$STOMP_BROKERS_DIR"
    return
  fi
  local d="$REPO_ROOT/.brokers"
  if [[ $(id -u) -eq 0 ]] && id rabbitmq >/dev/null 2>&1 && ! service_user_can_reach "$REPO_ROOT" rabbitmq; then
    d="/var/tmp/stomp-explorer-brokers/$(printf '%s' "$REPO_ROOT" | tr -c 'A-Za-z0-9._-' '_')"
  fi
  printf '%s\n' "$d"
}
STATE_DIR="$(resolve_state_dir)"
TLS_DIR="$STATE_DIR/tls"
RABBITMQ_DIR="$STATE_DIR/rabbitmq"
ACTIVEMQ_DIR="$STATE_DIR/activemq"

log() { printf '[%s] %s\n' "$(basename "$0" .sh)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

is_root() { [[ $(id -u) -eq 0 ]]; }

# The user a broker runs as: its Debian system user when we are root, else ourselves.
run_as_user() { # DEFAULT_SERVICE_USER
  if is_root && id "$1" >/dev/null 2>&1; then printf '%s\n' "$1"; else id -un; fi
}

# Run a command as USER (no-op wrapper when USER is us).
as_user() { # USER CMD...
  local u="$1"; shift
  if [[ "$u" == "$(id -un)" ]]; then "$@"; else runuser -u "$u" -- "$@"; fi
}

# Make DIR (and parents) exist and belong to USER.
ensure_dir_for() { # USER DIR...
  local u="$1"; shift
  mkdir -p "$@"
  if is_root && [[ "$u" != root ]]; then chown "$u:" "$@"; fi
}

require_cmd() { # CMD HINT
  command -v "$1" >/dev/null 2>&1 || die "'$1' not found: $2 (run: sudo $REPO_ROOT/scripts/system/install-deps.sh)"
}

# A real STOMP CONNECT -> CONNECTED round trip. Extra args go to probe.mjs (e.g. --tls CA).
probe() { # HOST PORT [probe.mjs options...]
  node "$BROKERS_SCRIPTS/probe.mjs" "$@" --login "$BROKER_LOGIN" --passcode "$BROKER_PASSCODE"
}

# Poll probe until it passes or the deadline (seconds since epoch) is reached; also fails early
# when the check command (e.g. "is the process still alive") fails.
wait_for_probe() { # DEADLINE ALIVE_CHECK_FN HOST PORT [probe options...]
  local deadline="$1" alive="$2"; shift 2
  local reason
  while :; do
    if reason=$(probe "$@" --timeout 2000 2>&1); then return 0; fi
    if [[ -n "$alive" ]] && ! "$alive"; then log "broker process exited ($reason)"; return 1; fi
    if (( $(date +%s) >= deadline )); then log "timed out: $reason"; return 1; fi
    sleep 0.25
  done
}

# A zombie counts as gone: daemons are re-parented to PID 1, which may reap them late (here it
# does: kill -0 kept succeeding for seconds after a process had exited).
# True when nothing listens on HOST:PORT (connection refused). Anything else -- a broker, or a
# process that accepts but does not speak STOMP -- means the port is taken.
port_free() { # HOST PORT
  local reason
  reason=$(node "$BROKERS_SCRIPTS/probe.mjs" "$1" "$2" --timeout 1500 2>&1) && return 1
  [[ "$reason" == *ECONNREFUSED* ]]
}

# Prints the useful part of a Java/Erlang log written since line FROM (default 0): its error lines,
# then its last lines. Returns 1 when there is nothing new to show.
log_excerpt() { # FILE [FROM]
  [[ -s "$1" ]] || return 1
  local from="${2:-0}" new
  (( from <= $(line_count "$1") )) || from=0 # the log was rotated meanwhile
  new=$(tail -n "+$((from + 1))" "$1")
  [[ -n "$new" ]] || return 1
  log "--- from $1"
  grep -E 'ERROR|Error|error|FATAL|Caused by|crash' <<<"$new" | tail -n 8 >&2 || true
  log "--- last lines"
  tail -n 6 <<<"$new" >&2
}
line_count() { if [[ -f "$1" ]]; then wc -l <"$1"; else echo 0; fi; }

pid_alive() {
  [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null || return 1
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ "${stat%% *}" != Z ]] && return 0
  # A zombie leader whose other threads still run (a JVM shutting down) is alive.
  local tasks=("/proc/$1/task/"*)
  ((${#tasks[@]} > 1))
}

# An HTTP GET with basic auth (BROKER_LOGIN) that must answer 200: the management API's probe.
probe_http() { # URL [TIMEOUT_MS]
  node -e '
const [url, timeout, auth] = process.argv.slice(1);
fetch(url, { headers: { authorization: "Basic " + Buffer.from(auth).toString("base64") }, signal: AbortSignal.timeout(Number(timeout)) })
  .then((r) => { console.log(`probe: ${url} HTTP ${r.status}`); process.exit(r.status === 200 ? 0 : 1); })
  .catch((e) => { console.log(`probe: ${url} ${e.cause?.code ?? e.name}: ${e.cause?.message ?? e.message}`); process.exit(1); });
' "$1" "${2:-3000}" "$BROKER_LOGIN:$BROKER_PASSCODE"
}

# Wait until PID is gone, up to N tenths of a second; returns non-zero if still alive.
wait_pid_gone() { # PID TENTHS
  local i
  for ((i = 0; i < $2; i++)); do pid_alive "$1" || return 0; sleep 0.1; done
  ! pid_alive "$1"
}

# Serializes start/stop/restart of one broker across processes (two test runs starting it at once).
take_lock() { # NAME
  mkdir -p "$STATE_DIR"
  exec {BROKER_LOCK_FD}>>"$STATE_DIR/.$1.lock"
  flock -w 300 "$BROKER_LOCK_FD" || die "could not get $STATE_DIR/.$1.lock within 300 s"
}

usage_commands() { # SCRIPT_DESCRIPTION
  printf 'usage: %s start|stop|restart|status\n  %s\n' "$0" "$1" >&2
  exit 64
}
