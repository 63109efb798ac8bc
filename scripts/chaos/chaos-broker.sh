#!/usr/bin/env bash
# A broker instance of the chaos test's own: the project's broker scripts (scripts/brokers/) run
# with every port, the RabbitMQ node name and the state folder moved through their STOMP_*
# variables, so the shared brokers (61613, 61614, ...) are never touched, and SIGKILL for it.
#
#   RabbitMQ  STOMP 127.0.0.1:63613 (node chaos@localhost, AMQP 5872, TLS 63615, WS 17674, management 17672)
#   ActiveMQ  STOMP 127.0.0.1:63614, persistent (KahaDB), persistJMSRedelivered (activemq-chaos.sh)
#   state in /var/tmp/stomp-explorer-chaos/<repository path>/ (STOMP_CHAOS_DIR to move it)
#
# Usage: scripts/chaos/chaos-broker.sh rabbitmq|activemq start|stop|status|kill|port|pids
#   kill: SIGKILL the broker's processes (no shutdown, as a crash or a power cut would); start
#         brings it back on the same data.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd "$HERE/../.." && pwd -P)"
BROKER="${1:-}"
COMMAND="${2:-}"

export STOMP_BROKERS_DIR="${STOMP_CHAOS_DIR:-/var/tmp/stomp-explorer-chaos/$(printf '%s' "$REPO_ROOT" | tr -c 'A-Za-z0-9._-' '_')}"
export STOMP_RABBITMQ_NODE=chaos@localhost
export STOMP_RABBITMQ_AMQP_PORT=5872
export STOMP_RABBITMQ_STOMP_PORT=63613
export STOMP_RABBITMQ_STOMP_TLS_PORT=63615
export STOMP_RABBITMQ_WS_PORT=17674
export STOMP_RABBITMQ_MANAGEMENT_PORT=17672
export STOMP_ACTIVEMQ_STOMP_PORT=63614
export STOMP_ACTIVEMQ_WS_PORT=63623
# The state folder must be reachable by the brokers' own users (rabbitmq, activemq).
mkdir -p "$STOMP_BROKERS_DIR"
chmod 755 "$STOMP_BROKERS_DIR" "$(dirname "$STOMP_BROKERS_DIR")" 2>/dev/null || true

# The broker's own processes, found through /proc by what marks this instance alone: RabbitMQ's
# Erlang VM by its -home folder, ActiveMQ's JVM by its -Dactivemq.base.
pids() {
  local marker p cmd
  case "$BROKER" in
    rabbitmq) marker=" -home $STOMP_BROKERS_DIR/rabbitmq/home " ;;
    activemq) marker=" -Dactivemq.base=$STOMP_BROKERS_DIR/activemq " ;;
  esac
  for p in /proc/[0-9]*; do
    cmd=$(tr '\0' ' ' 2>/dev/null <"$p/cmdline") || continue
    [[ "$cmd" == *"$marker"* ]] && printf '%s\n' "${p#/proc/}"
  done
  return 0
}

case "$BROKER" in
  rabbitmq) PORT=$STOMP_RABBITMQ_STOMP_PORT ;;
  activemq) PORT=$STOMP_ACTIVEMQ_STOMP_PORT ;;
  *) echo "usage: $0 rabbitmq|activemq start|stop|status|kill|port|pids" >&2; exit 64 ;;
esac

case "$COMMAND" in
  # RabbitMQ: the project's own script, moved by the variables above. ActiveMQ: a variant of it
  # (activemq-chaos.sh says why).
  start | stop | status)
    if [[ "$BROKER" == activemq ]]; then exec "$HERE/activemq-chaos.sh" "$COMMAND"; fi
    exec "$REPO_ROOT/scripts/brokers/$BROKER.sh" "$COMMAND"
    ;;
  port) echo "$PORT" ;;
  pids) pids ;;
  kill)
    list=$(pids)
    [[ -n "$list" ]] || { echo "chaos-broker: $BROKER is not running" >&2; exit 1; }
    # shellcheck disable=SC2086
    kill -KILL $list
    # Wait (5 s at most) until the port refuses connections: the kernel has let go of the listener.
    # The probe runs in a subshell of its own (a /dev/tcp redirection would otherwise stay open).
    for ((i = 0; i < 100; i++)); do
      (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || break
      sleep 0.05
    done
    ;;
  *) echo "usage: $0 rabbitmq|activemq start|stop|status|kill|port|pids" >&2; exit 64 ;;
esac
