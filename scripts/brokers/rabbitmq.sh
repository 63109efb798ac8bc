#!/usr/bin/env bash
# RabbitMQ 3.10 (Debian's rabbitmq-server) as the project's own node, all state in <state>/rabbitmq/:
#   STOMP            127.0.0.1:61613
#   STOMP over TLS   127.0.0.1:61615  (server cert from <state>/tls, signed by the test CA;
#                                      client certificates verified when sent, not required)
#   Web-STOMP        ws://127.0.0.1:15674/ws  (subprotocol v12.stomp)
#   Management       http://127.0.0.1:15672/  (rabbitmq_management: UI and HTTP API, guest/guest)
#   AMQP             127.0.0.1:5672   (unused by the tests; RabbitMQ wants a core listener)
# login guest/guest, vhost "/", node rabbit@localhost, Erlang distribution and epmd on loopback.
# Nothing in /etc/rabbitmq is read or written: RABBITMQ_CONF_ENV_FILE points at our own env file.
#
# Usage: scripts/brokers/rabbitmq.sh start|stop|restart|status|ctl ARGS...|logs
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

RABBIT_BIN=/usr/lib/rabbitmq/bin
RUN_AS="$(run_as_user rabbitmq)"
CONF_FILE="$RABBITMQ_DIR/rabbitmq.conf"
ENV_FILE="$RABBITMQ_DIR/rabbitmq-env.conf"
PLUGINS_FILE="$RABBITMQ_DIR/enabled_plugins"
MNESIA_DIR="$RABBITMQ_DIR/mnesia"
LOG_DIR="$RABBITMQ_DIR/log"
HOME_DIR="$RABBITMQ_DIR/home"       # holds the Erlang cookie shared by the node and rabbitmqctl
PID_FILE="$RABBITMQ_DIR/rabbitmq.pid"

# rabbitmqctl with our node's settings (same cookie, env file and epmd address as the node).
ctl() {
  (cd "$RABBITMQ_DIR" && as_user "$RUN_AS" env HOME="$HOME_DIR" RABBITMQ_CONF_ENV_FILE="$ENV_FILE" \
    ERL_EPMD_ADDRESS=127.0.0.1 LANG=C.UTF-8 LC_ALL=C.UTF-8 \
    timeout "${CTL_TIMEOUT:-300}" "$RABBIT_BIN/rabbitmqctl" "$@")
}

write_config() {
  "$BROKERS_SCRIPTS/tls.sh" ensure
  ensure_dir_for "$RUN_AS" "$RABBITMQ_DIR" "$MNESIA_DIR" "$LOG_DIR" "$HOME_DIR"
  chmod 700 "$HOME_DIR"
  if [[ ! -s "$HOME_DIR/.erlang.cookie" ]]; then
    (umask 077 && openssl rand -hex 20 >"$HOME_DIR/.erlang.cookie")
  fi
  chmod 400 "$HOME_DIR/.erlang.cookie"
  if is_root && [[ "$RUN_AS" != root ]]; then chown "$RUN_AS:" "$HOME_DIR/.erlang.cookie"; fi

  cat >"$CONF_FILE.tmp" <<EOF
# Written by scripts/brokers/rabbitmq.sh: edits are overwritten at each start.
listeners.tcp.default = $BROKER_HOST:$RABBITMQ_AMQP_PORT
loopback_users.guest = true

stomp.listeners.tcp.1 = $BROKER_HOST:$RABBITMQ_STOMP_PORT
stomp.listeners.ssl.1 = $BROKER_HOST:$RABBITMQ_STOMP_TLS_PORT
stomp.default_vhost = $RABBITMQ_VHOST

ssl_options.cacertfile = $TLS_DIR/ca.pem
ssl_options.certfile = $TLS_DIR/server.pem
ssl_options.keyfile = $TLS_DIR/server.key
ssl_options.verify = verify_peer
ssl_options.fail_if_no_peer_cert = false

web_stomp.tcp.ip = $BROKER_HOST
web_stomp.tcp.port = $RABBITMQ_WS_PORT
web_stomp.ws_path = $RABBITMQ_WS_PATH

# The management UI and HTTP API (queue depths, consumers, rates), on loopback only; guest may
# log in from loopback (loopback_users above).
management.tcp.ip = $BROKER_HOST
management.tcp.port = $RABBITMQ_MANAGEMENT_PORT
# Queue depths and rates refreshed every second (5 s by default): what a debugging UI wants.
collect_statistics_interval = 1000

log.console = false
log.file.level = info
EOF
  mv -f "$CONF_FILE.tmp" "$CONF_FILE"

  cat >"$ENV_FILE.tmp" <<EOF
# Written by scripts/brokers/rabbitmq.sh (read through RABBITMQ_CONF_ENV_FILE).
NODENAME=$RABBITMQ_NODE
NODE_IP_ADDRESS=$BROKER_HOST
NODE_PORT=$RABBITMQ_AMQP_PORT
CONFIG_FILE=$CONF_FILE
ADVANCED_CONFIG_FILE=$RABBITMQ_DIR/advanced.config
ENABLED_PLUGINS_FILE=$PLUGINS_FILE
MNESIA_BASE=$MNESIA_DIR
LOG_BASE=$LOG_DIR
PID_FILE=$PID_FILE
SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
EOF
  mv -f "$ENV_FILE.tmp" "$ENV_FILE"

  # Same effect as `rabbitmq-plugins enable --offline rabbitmq_stomp rabbitmq_web_stomp
  # rabbitmq_management`, without the second of Erlang start-up that costs.
  printf '[rabbitmq_stomp,rabbitmq_web_stomp,rabbitmq_management].\n' >"$PLUGINS_FILE"
  chmod 644 "$CONF_FILE" "$ENV_FILE" "$PLUGINS_FILE"
}

# PIDs of our node's Erlang VM: a beam process started with "-home <our home folder>". Found
# through /proc, so a node left by a killed run is found even without its pid file.
rabbit_pids() {
  local p cmd
  for p in /proc/[0-9]*; do
    cmd=$(tr '\0' ' ' 2>/dev/null <"$p/cmdline") || continue
    [[ "$cmd" == *beam* && "$cmd" == *" -home $HOME_DIR "* ]] && printf '%s\n' "${p#/proc/}"
  done
  return 0
}
node_alive() { [[ -n "$(rabbit_pids)" ]]; }

probe_all() { # TIMEOUT_MS; prints one line per endpoint, returns non-zero if any fails
  local t="$1" rc=0
  probe "$BROKER_HOST" "$RABBITMQ_STOMP_PORT" --vhost "$RABBITMQ_VHOST" --timeout "$t" || rc=1
  probe "$BROKER_HOST" "$RABBITMQ_STOMP_TLS_PORT" --tls "$TLS_DIR/ca.pem" --vhost "$RABBITMQ_VHOST" --timeout "$t" || rc=1
  probe "$BROKER_HOST" "$RABBITMQ_WS_PORT" --ws "$RABBITMQ_WS_PATH" --vhost "$RABBITMQ_VHOST" --timeout "$t" || rc=1
  return $rc
}

MANAGEMENT_URL="http://$BROKER_HOST:$RABBITMQ_MANAGEMENT_PORT"

wait_for_management() { # DEADLINE
  local reason
  while :; do
    if reason=$(probe_http "$MANAGEMENT_URL/api/overview" 2000 2>&1); then return 0; fi
    if ! node_alive; then log "broker process exited ($reason)"; return 1; fi
    if (($(date +%s) >= $1)); then log "timed out: $reason"; return 1; fi
    sleep 0.25
  done
}

wait_ready() { # DEADLINE
  wait_for_probe "$1" node_alive "$BROKER_HOST" "$RABBITMQ_STOMP_PORT" --vhost "$RABBITMQ_VHOST" &&
    wait_for_probe "$1" node_alive "$BROKER_HOST" "$RABBITMQ_STOMP_TLS_PORT" --tls "$TLS_DIR/ca.pem" --vhost "$RABBITMQ_VHOST" &&
    wait_for_probe "$1" node_alive "$BROKER_HOST" "$RABBITMQ_WS_PORT" --ws "$RABBITMQ_WS_PATH" --vhost "$RABBITMQ_VHOST"
}

show_log_tail() {
  log_excerpt "$LOG_DIR/startup.log" || true
  log_excerpt "$LOG_DIR/$RABBITMQ_NODE.log" "${LOG_MARK:-0}" || true
}

cmd_start() {
  [[ -x "$RABBIT_BIN/rabbitmq-server" ]] || die "rabbitmq-server is not installed (run: sudo $REPO_ROOT/scripts/system/install-deps.sh)"
  require_cmd node "Node.js runs the STOMP probe"
  local deadline=$(($(date +%s) + START_TIMEOUT_S))
  if node_alive; then
    if probe_all 3000 >/dev/null 2>&1; then
      log "already running (pid $(rabbit_pids | head -1)); nothing to do"
      return 0
    fi
    log "node is up but not answering yet (left by an earlier start?); waiting for it"
    if wait_ready "$deadline"; then log "ready"; return 0; fi
    show_log_tail
    die "RabbitMQ node is running but does not answer STOMP: try '$0 restart'"
  fi
  local port
  for port in "$RABBITMQ_STOMP_PORT" "$RABBITMQ_STOMP_TLS_PORT" "$RABBITMQ_WS_PORT" "$RABBITMQ_MANAGEMENT_PORT" "$RABBITMQ_AMQP_PORT"; do
    port_free "$BROKER_HOST" "$port" ||
      die "$BROKER_HOST:$port is taken by another process (not our node, whose home is $HOME_DIR); stop it first (ss -ltnp 'sport = :$port')"
  done

  write_config
  # Stale pid files of a node that is gone (killed run) would make start-stop-daemon refuse.
  rm -f "$PID_FILE" "$RABBITMQ_DIR/server-script.pid"
  LOG_MARK=$(line_count "$LOG_DIR/$RABBITMQ_NODE.log")
  log "starting $RABBITMQ_NODE as user $RUN_AS (state in $RABBITMQ_DIR)"
  # In the foreground under start-stop-daemon (not -detached), so that boot errors printed before
  # RabbitMQ's own logger starts land in startup.log instead of nowhere.
  : >"$LOG_DIR/startup.log"
  is_root && chown "$RUN_AS:" "$LOG_DIR/startup.log"
  local ssd=(start-stop-daemon --start --background --make-pidfile --pidfile "$RABBITMQ_DIR/server-script.pid"
    --chdir "$RABBITMQ_DIR" --output "$LOG_DIR/startup.log" --startas /usr/bin/env)
  if is_root && [[ "$RUN_AS" != root ]]; then ssd+=(--chuid "$RUN_AS"); fi
  "${ssd[@]}" -- HOME="$HOME_DIR" RABBITMQ_CONF_ENV_FILE="$ENV_FILE" ERL_EPMD_ADDRESS=127.0.0.1 \
    LANG=C.UTF-8 LC_ALL=C.UTF-8 "$RABBIT_BIN/rabbitmq-server" || die "start-stop-daemon failed"
  local i
  for ((i = 0; i < 50; i++)); do node_alive && break; sleep 0.1; done # the VM forks in the background
  if wait_ready "$deadline" && wait_for_management "$deadline"; then
    log "ready: stomp://$BROKER_HOST:$RABBITMQ_STOMP_PORT, stomp+ssl://$BROKER_HOST:$RABBITMQ_STOMP_TLS_PORT, ws://$BROKER_HOST:$RABBITMQ_WS_PORT$RABBITMQ_WS_PATH, $MANAGEMENT_URL/"
    return 0
  fi
  show_log_tail
  die "RabbitMQ did not come up (log: $LOG_DIR)"
}

# epmd is shared by every Erlang node on the machine: end it only when no node is left.
stop_epmd_if_idle() {
  command -v epmd >/dev/null 2>&1 || return 0
  local names
  names=$(ERL_EPMD_ADDRESS=127.0.0.1 epmd -names 2>/dev/null) || return 0 # not running
  if grep -q '^name ' <<<"$names"; then
    log "epmd left running: other Erlang nodes use it"
  else
    ERL_EPMD_ADDRESS=127.0.0.1 epmd -kill >/dev/null 2>&1 || true
  fi
}

cmd_stop() {
  local pids
  pids=$(rabbit_pids)
  if [[ -z "$pids" ]]; then
    log "not running"
    rm -f "$PID_FILE"
    stop_epmd_if_idle
    return 0
  fi
  log "stopping $RABBITMQ_NODE (pid $(paste -sd" " <<<"$pids"))"
  if ! CTL_TIMEOUT=60 ctl shutdown >/dev/null 2>&1; then
    log "rabbitmqctl shutdown failed; sending SIGTERM"
  fi
  local p
  for p in $(rabbit_pids); do kill -TERM "$p" 2>/dev/null || true; done
  for p in $pids; do
    wait_pid_gone "$p" 150 || { log "pid $p still alive after 15 s: SIGKILL"; kill -KILL "$p" 2>/dev/null || true; wait_pid_gone "$p" 50 || true; }
  done
  rm -f "$PID_FILE" "$RABBITMQ_DIR/server-script.pid"
  stop_epmd_if_idle
  log "stopped"
}

cmd_status() {
  local pids rc=0
  pids=$(rabbit_pids)
  if [[ -n "$pids" ]]; then echo "rabbitmq: node $RABBITMQ_NODE running (pid $(paste -sd" " <<<"$pids"))"; else echo "rabbitmq: not running"; fi
  probe_all 3000 2>&1 || rc=1
  # Reported, not counted: a node started before rabbitmq_management was enabled here lacks it
  # until it is restarted, and still serves STOMP.
  [[ -n "$pids" ]] && { probe_http "$MANAGEMENT_URL/api/overview" 3000 2>&1 || echo "rabbitmq: management API not answering (a node started before it was enabled: restart it)"; }
  [[ -z "$pids" && $rc -ne 0 ]] && return 3
  return $rc
}

case "${1:-}" in
  start) take_lock rabbitmq && cmd_start ;;
  stop) take_lock rabbitmq && cmd_stop ;;
  restart) take_lock rabbitmq && cmd_stop && cmd_start ;;
  status) cmd_status ;;
  ctl) shift; ctl "$@" ;;
  logs) tail -n "${2:-50}" "$LOG_DIR/$RABBITMQ_NODE.log" ;;
  *) usage_commands "RabbitMQ STOMP 127.0.0.1:$RABBITMQ_STOMP_PORT, TLS :$RABBITMQ_STOMP_TLS_PORT, ws://127.0.0.1:$RABBITMQ_WS_PORT$RABBITMQ_WS_PATH, management $MANAGEMENT_URL (also: ctl ARGS..., logs [N])" ;;
esac
