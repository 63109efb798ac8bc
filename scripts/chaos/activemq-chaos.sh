#!/usr/bin/env bash
# ActiveMQ for the chaos test: an instance of its own (STOMP 127.0.0.1:63614, state under the chaos
# folder), started like scripts/brokers/activemq.sh starts the shared one (whose helpers it
# sources) but with two differences the chaos test needs:
# - persistJMSRedelivered on every queue: ActiveMQ then writes a message's redelivery mark to disk
#   before it dispatches it, so a message delivered before a SIGKILL and not yet acked comes back
#   after the restart with redelivered:true. Without it (Debian's default, and the shared
#   instance) it comes back unmarked: measured, 2 such duplicates in 2 kills, neither marked.
# - no WebSocket bridge: the chaos test speaks STOMP over TCP only, and restarts come sooner.
#
# Usage: scripts/chaos/activemq-chaos.sh start|stop|status|kill|pids (chaos-broker.sh sets the
# STOMP_* variables; run it through chaos-broker.sh).
source "$(dirname "${BASH_SOURCE[0]}")/../brokers/common.sh"

ACTIVEMQ_HOME=/usr/share/activemq
RUN_AS="$(run_as_user activemq)"
CONF_DIR="$ACTIVEMQ_DIR/conf"
DATA_DIR="$ACTIVEMQ_DIR/data"
LOG_DIR="$ACTIVEMQ_DIR/log"
TMP_DIR="$ACTIVEMQ_DIR/tmp"
PID_FILE="$ACTIVEMQ_DIR/activemq.pid"

write_config() {
  ensure_dir_for "$RUN_AS" "$ACTIVEMQ_DIR" "$DATA_DIR" "$LOG_DIR" "$TMP_DIR"
  mkdir -p "$CONF_DIR"
  cat >"$CONF_DIR/activemq.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by scripts/chaos/activemq-chaos.sh: edits are overwritten at each start. -->
<beans xmlns="http://www.springframework.org/schema/beans" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans.xsd
  http://activemq.apache.org/schema/core http://activemq.apache.org/schema/core/activemq-core.xsd">
  <broker xmlns="http://activemq.apache.org/schema/core" brokerName="stomp-explorer-chaos" useJmx="false"
          persistent="true" schedulerSupport="false" dataDirectory="$DATA_DIR">
    <destinationPolicy>
      <policyMap><policyEntries><policyEntry queue="&gt;" persistJMSRedelivered="true"/></policyEntries></policyMap>
    </destinationPolicy>
    <persistenceAdapter><kahaDB directory="$DATA_DIR/kahadb"/></persistenceAdapter>
    <plugins>
      <simpleAuthenticationPlugin anonymousAccessAllowed="false">
        <users><authenticationUser username="$BROKER_LOGIN" password="$BROKER_PASSCODE" groups="users,admins"/></users>
      </simpleAuthenticationPlugin>
    </plugins>
    <transportConnectors>
      <transportConnector name="stomp" uri="stomp://$BROKER_HOST:$ACTIVEMQ_STOMP_PORT?transport.socketBufferSize=4194304"/>
    </transportConnectors>
  </broker>
</beans>
XML
  cat >"$CONF_DIR/log4j.properties" <<'PROPS'
log4j.rootLogger=INFO, logfile
log4j.logger.org.springframework=WARN
log4j.logger.org.apache.xbean=WARN
log4j.appender.logfile=org.apache.log4j.RollingFileAppender
log4j.appender.logfile.file=${activemq.base}/log/activemq.log
log4j.appender.logfile.maxFileSize=10MB
log4j.appender.logfile.maxBackupIndex=2
log4j.appender.logfile.layout=org.apache.log4j.PatternLayout
log4j.appender.logfile.layout.ConversionPattern=%d | %-5p | %m | %c | %t%n
PROPS
  chmod 755 "$CONF_DIR"
  chmod 644 "$CONF_DIR/activemq.xml" "$CONF_DIR/log4j.properties"
}

pids() {
  local p cmd
  for p in /proc/[0-9]*; do
    cmd=$(tr '\0' ' ' 2>/dev/null <"$p/cmdline") || continue
    [[ "$cmd" == *java* && "$cmd" == *" -Dactivemq.base=$ACTIVEMQ_DIR "* ]] && printf '%s\n' "${p#/proc/}"
  done
  return 0
}
alive() { [[ -n "$(pids)" ]]; }
probe_stomp() { probe "$BROKER_HOST" "$ACTIVEMQ_STOMP_PORT" --vhost localhost "$@"; }

cmd_start() {
  [[ -e "$ACTIVEMQ_HOME/bin/activemq.jar" ]] || die "activemq is not installed (run: sudo $REPO_ROOT/scripts/system/install-deps.sh)"
  local deadline=$(($(date +%s) + START_TIMEOUT_S))
  if alive; then
    wait_for_probe "$deadline" alive "$BROKER_HOST" "$ACTIVEMQ_STOMP_PORT" --vhost localhost || die "the chaos ActiveMQ runs but does not answer STOMP"
    return 0
  fi
  port_free "$BROKER_HOST" "$ACTIVEMQ_STOMP_PORT" || die "$BROKER_HOST:$ACTIVEMQ_STOMP_PORT is taken by another process"
  write_config
  rm -f "$PID_FILE"
  local java
  java="$(readlink -f "$(command -v java)")"
  local ssd=(start-stop-daemon --start --background --make-pidfile --pidfile "$PID_FILE"
    --chdir "$ACTIVEMQ_DIR" --output "$LOG_DIR/stdout.log" --exec "$java")
  if is_root && [[ "$RUN_AS" != root ]]; then ssd+=(--chuid "$RUN_AS"); fi
  : >"$LOG_DIR/stdout.log"
  is_root && chown "$RUN_AS:" "$LOG_DIR/stdout.log"
  "${ssd[@]}" -- \
    -Xms128m -Xmx512m -Djava.awt.headless=true "-Djava.io.tmpdir=$TMP_DIR" \
    --add-reads=java.xml=java.logging \
    --add-opens java.base/java.security=ALL-UNNAMED --add-opens java.base/java.net=ALL-UNNAMED \
    --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED \
    --add-opens java.naming/javax.naming.spi=ALL-UNNAMED --add-opens java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED \
    --add-opens java.base/java.util.concurrent=ALL-UNNAMED --add-opens java.base/java.util.concurrent.atomic=ALL-UNNAMED \
    "-Dlog4j.configuration=file:$CONF_DIR/log4j.properties" \
    "-Dactivemq.classpath=$CONF_DIR" "-Dactivemq.home=$ACTIVEMQ_HOME" "-Dactivemq.base=$ACTIVEMQ_DIR" \
    "-Dactivemq.conf=$CONF_DIR" "-Dactivemq.data=$DATA_DIR" \
    -jar "$ACTIVEMQ_HOME/bin/activemq.jar" start "xbean:file:$CONF_DIR/activemq.xml" || die "start-stop-daemon failed"
  wait_for_probe "$deadline" alive "$BROKER_HOST" "$ACTIVEMQ_STOMP_PORT" --vhost localhost || {
    log_excerpt "$LOG_DIR/activemq.log" || log_excerpt "$LOG_DIR/stdout.log" || true
    die "the chaos ActiveMQ did not come up (log: $LOG_DIR)"
  }
}

cmd_stop() {
  local list p
  list=$(pids)
  [[ -n "$list" ]] || return 0
  for p in $list; do kill -TERM "$p" 2>/dev/null || true; done
  for p in $list; do wait_pid_gone "$p" 300 || kill -KILL "$p" 2>/dev/null || true; done
  rm -f "$PID_FILE"
}

case "${1:-}" in
  start) take_lock activemq-chaos && cmd_start ;;
  stop) take_lock activemq-chaos && cmd_stop ;;
  status) if alive; then probe_stomp --timeout 3000; else echo "chaos activemq: not running"; exit 3; fi ;;
  pids) pids ;;
  *) echo "usage: $0 start|stop|status|pids" >&2; exit 64 ;;
esac
