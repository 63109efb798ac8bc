#!/usr/bin/env bash
# Both brokers at once: RabbitMQ (scripts/brokers/rabbitmq.sh) and ActiveMQ (activemq.sh), run in
# parallel. Exit status is non-zero if either fails; each one's lines carry its name.
#
# Usage: scripts/brokers/all.sh start|stop|restart|status
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

BROKERS=(rabbitmq activemq)

run_all() { # COMMAND
  local b rc=0
  local -A pids=()
  for b in "${BROKERS[@]}"; do
    "$BROKERS_SCRIPTS/$b.sh" "$1" &
    pids[$b]=$!
  done
  for b in "${BROKERS[@]}"; do
    wait "${pids[$b]}" || { rc=1; log "$b $1 failed"; }
  done
  return $rc
}

case "${1:-}" in
  start | stop | restart) run_all "$1" ;;
  status)
    rc=0
    for b in "${BROKERS[@]}"; do "$BROKERS_SCRIPTS/$b.sh" status || rc=$?; done
    exit $rc
    ;;
  *) usage_commands "RabbitMQ and ActiveMQ together" ;;
esac
