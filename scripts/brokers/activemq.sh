#!/usr/bin/env bash
# ActiveMQ Classic 5.17 (Debian's activemq package) as the project's own instance, all state in
# <state>/activemq/ (conf/, data/, log/, tmp/, activemq.pid):
#   STOMP   127.0.0.1:61614  (transport.socketBufferSize=4194304: with the default 64 KiB a
#                             consumer of 100k messages hung on loopback)
#   WebSocket STOMP  ws://127.0.0.1:61623  (see activemq-ws-bridge.mjs: Debian's package lacks
#                             ActiveMQ's own ws transport)
# persistent (KahaDB: messages sent with "persistent:true" survive a restart), useJmx=false,
# simpleAuthenticationPlugin with guest/guest and anonymous access OFF, so a wrong or missing
# login is refused with an ERROR frame; statisticsBrokerPlugin, so a SEND to
# /queue/ActiveMQ.Statistics.Destination.<name> (or .Broker) with a reply-to header is answered with
# that destination's statistics (size = queue depth, enqueueCount, consumerCount, ...). Runs as user activemq (when root) under
# start-stop-daemon, heap -Xmx1g; SIGTERM stops it cleanly.
#
# Usage: scripts/brokers/activemq.sh start|stop|restart|status|logs [N]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ACTIVEMQ_HOME=/usr/share/activemq
RUN_AS="$(run_as_user activemq)"
CONF_DIR="$ACTIVEMQ_DIR/conf"
DATA_DIR="$ACTIVEMQ_DIR/data"
LOG_DIR="$ACTIVEMQ_DIR/log"
TMP_DIR="$ACTIVEMQ_DIR/tmp"
PID_FILE="$ACTIVEMQ_DIR/activemq.pid"
BRIDGE_PID_FILE="$ACTIVEMQ_DIR/ws-bridge.pid"
BRIDGE_LOG="$LOG_DIR/ws-bridge.log"
BRIDGE_SCRIPT="$BROKERS_SCRIPTS/activemq-ws-bridge.mjs"
HEAP_MAX="${STOMP_ACTIVEMQ_HEAP:-1g}"

# Jars ActiveMQ's STOMP needs to turn a MapMessage (the statistics plugin's answer) into text, for
# the transformation header jms-map-json / jms-map-xml; Debian's activemq package does not pull them
# in (without them the broker drops the connection the answer is for). ActiveMQ's launcher puts
# <activemq.base>/lib/*.jar on its class path.
EXTRA_JARS=(/usr/share/java/xstream.jar /usr/share/java/jettison.jar /usr/share/java/xpp3.jar)

link_extra_jars() {
  mkdir -p "$ACTIVEMQ_DIR/lib"
  local jar
  for jar in "${EXTRA_JARS[@]}"; do
    [[ -r "$jar" ]] || die "$jar is missing: ActiveMQ's statistics over STOMP need it (run: sudo $REPO_ROOT/scripts/system/install-deps.sh)"
    ln -sfn "$jar" "$ACTIVEMQ_DIR/lib/$(basename "$jar")"
  done
}

write_config() {
  ensure_dir_for "$RUN_AS" "$ACTIVEMQ_DIR" "$DATA_DIR" "$LOG_DIR" "$TMP_DIR"
  link_extra_jars
  mkdir -p "$CONF_DIR"
  cat >"$CONF_DIR/activemq.xml.tmp" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by scripts/brokers/activemq.sh: edits are overwritten at each start. -->
<beans
  xmlns="http://www.springframework.org/schema/beans"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans.xsd
  http://activemq.apache.org/schema/core http://activemq.apache.org/schema/core/activemq-core.xsd">

  <bean class="org.springframework.beans.factory.config.PropertyPlaceholderConfigurer"/>

  <broker xmlns="http://activemq.apache.org/schema/core"
          brokerName="stomp-explorer"
          useJmx="false"
          persistent="true"
          schedulerSupport="false"
          dataDirectory="\${activemq.data}">

    <persistenceAdapter>
      <kahaDB directory="\${activemq.data}/kahadb"/>
    </persistenceAdapter>

    <plugins>
      <!-- Anonymous access is off: CONNECT needs login/passcode, a wrong one gets an ERROR frame. -->
      <simpleAuthenticationPlugin anonymousAccessAllowed="false">
        <users>
          <authenticationUser username="$BROKER_LOGIN" password="$BROKER_PASSCODE" groups="users,admins"/>
        </users>
      </simpleAuthenticationPlugin>
      <!-- Statistics on request: SEND to ActiveMQ.Statistics.Destination.<name> (or ActiveMQ.Statistics.Broker)
           with reply-to; the answer goes to the reply-to destination (a MapMessage: subscribe with
           transformation:jms-map-json to read it over STOMP). -->
      <statisticsBrokerPlugin/>
    </plugins>

    <systemUsage>
      <systemUsage>
        <memoryUsage><memoryUsage percentOfJvmHeap="70"/></memoryUsage>
        <storeUsage><storeUsage limit="4 gb"/></storeUsage>
        <tempUsage><tempUsage limit="2 gb"/></tempUsage>
      </systemUsage>
    </systemUsage>

    <transportConnectors>
      <transportConnector name="stomp" uri="stomp://$BROKER_HOST:$ACTIVEMQ_STOMP_PORT?transport.socketBufferSize=4194304"/>
    </transportConnectors>
  </broker>
</beans>
EOF
  mv -f "$CONF_DIR/activemq.xml.tmp" "$CONF_DIR/activemq.xml"

  # Debian's build logs through log4j 1.2: a log4j2 file would be ignored.
  cat >"$CONF_DIR/log4j.properties" <<'EOF'
# Written by scripts/brokers/activemq.sh.
log4j.rootLogger=INFO, logfile
log4j.logger.org.apache.activemq.spring=WARN
log4j.logger.org.apache.activemq.web.handler=WARN
log4j.logger.org.springframework=WARN
log4j.logger.org.apache.xbean=WARN

log4j.appender.logfile=org.apache.log4j.RollingFileAppender
log4j.appender.logfile.file=${activemq.base}/log/activemq.log
log4j.appender.logfile.maxFileSize=10MB
log4j.appender.logfile.maxBackupIndex=3
log4j.appender.logfile.append=true
log4j.appender.logfile.layout=org.apache.log4j.PatternLayout
log4j.appender.logfile.layout.ConversionPattern=%d | %-5p | %m | %c | %t%n
EOF
  chmod 755 "$CONF_DIR"
  chmod 644 "$CONF_DIR/activemq.xml" "$CONF_DIR/log4j.properties"
}

# PIDs of our broker's JVM, found through /proc by its -Dactivemq.base (works without the pid file).
activemq_pids() {
  local p cmd
  for p in /proc/[0-9]*; do
    cmd=$(tr '\0' ' ' 2>/dev/null <"$p/cmdline") || continue
    [[ "$cmd" == *java* && "$cmd" == *" -Dactivemq.base=$ACTIVEMQ_DIR "* ]] && printf '%s\n' "${p#/proc/}"
  done
  return 0
}
broker_alive() { [[ -n "$(activemq_pids)" ]]; }

# The WebSocket bridge: a node process running activemq-ws-bridge.mjs with our log file.
bridge_pids() {
  local p cmd
  for p in /proc/[0-9]*; do
    cmd=$(tr '\0' ' ' 2>/dev/null <"$p/cmdline") || continue
    [[ "$cmd" == *activemq-ws-bridge.mjs* && "$cmd" == *" --log $BRIDGE_LOG"* ]] && printf '%s\n' "${p#/proc/}"
  done
  return 0
}
bridge_alive() { [[ -n "$(bridge_pids)" ]]; }

probe_stomp() { probe "$BROKER_HOST" "$ACTIVEMQ_STOMP_PORT" --vhost "$ACTIVEMQ_VHOST" "$@"; }
probe_ws() { probe "$BROKER_HOST" "$ACTIVEMQ_WS_PORT" --ws / --vhost "$ACTIVEMQ_VHOST" "$@"; }

start_bridge() { # DEADLINE
  [[ -e "$REPO_ROOT/node_modules/ws/package.json" ]] || die "node_modules/ws is missing: run 'npm ci' in $REPO_ROOT (the ActiveMQ WebSocket bridge needs it)"
  if ! bridge_alive; then
    local node user="$RUN_AS"
    node="$(readlink -f "$(command -v node)")"
    # The service user must be able to read the script and node_modules; else run it as ourselves.
    if [[ "$user" != "$(id -un)" ]] && ! runuser -u "$user" -- test -r "$BRIDGE_SCRIPT" 2>/dev/null; then user="$(id -un)"; fi
    local ssd=(start-stop-daemon --start --background --make-pidfile --pidfile "$BRIDGE_PID_FILE"
      --chdir "$ACTIVEMQ_DIR" --output "$BRIDGE_LOG" --exec "$node")
    if is_root && [[ "$user" != root ]]; then ssd+=(--chuid "$user"); fi
    touch "$BRIDGE_LOG"
    is_root && chown "$user:" "$BRIDGE_LOG"
    "${ssd[@]}" -- "$BRIDGE_SCRIPT" --listen "$BROKER_HOST:$ACTIVEMQ_WS_PORT" \
      --target "$BROKER_HOST:$ACTIVEMQ_STOMP_PORT" --log "$BRIDGE_LOG" || die "could not start the WebSocket bridge"
  fi
  wait_for_probe "$1" bridge_alive "$BROKER_HOST" "$ACTIVEMQ_WS_PORT" --ws / --vhost "$ACTIVEMQ_VHOST" ||
    { tail -n 20 "$BRIDGE_LOG" >&2; die "the WebSocket bridge on :$ACTIVEMQ_WS_PORT does not answer STOMP"; }
}

stop_bridge() {
  local p pids
  pids=$(bridge_pids)
  for p in $pids; do kill -TERM "$p" 2>/dev/null || true; done
  for p in $pids; do wait_pid_gone "$p" 50 || kill -KILL "$p" 2>/dev/null || true; done
  rm -f "$BRIDGE_PID_FILE"
}

show_log_tail() {
  log_excerpt "$LOG_DIR/activemq.log" "${LOG_MARK:-0}" || log_excerpt "$LOG_DIR/stdout.log" || true
}

cmd_start() {
  [[ -e "$ACTIVEMQ_HOME/bin/activemq.jar" ]] || die "activemq is not installed (run: sudo $REPO_ROOT/scripts/system/install-deps.sh)"
  require_cmd java "ActiveMQ needs a Java runtime (Debian's activemq package pulls it in)"
  require_cmd node "Node.js runs the STOMP probe"
  local deadline=$(($(date +%s) + START_TIMEOUT_S))
  if broker_alive; then
    if probe_stomp --timeout 3000 >/dev/null 2>&1 && bridge_alive && probe_ws --timeout 3000 >/dev/null 2>&1; then
      log "already running (pid $(activemq_pids | paste -sd' '), ws bridge $(bridge_pids | paste -sd' ')); nothing to do"
      return 0
    fi
    log "broker process is up but not (fully) answering yet (left by an earlier start?); waiting for it"
    if ! wait_for_probe "$deadline" broker_alive "$BROKER_HOST" "$ACTIVEMQ_STOMP_PORT" --vhost "$ACTIVEMQ_VHOST"; then
      show_log_tail
      die "ActiveMQ is running but does not answer STOMP: try '$0 restart'"
    fi
    start_bridge "$deadline"
    log "ready"
    return 0
  fi
  stop_bridge # a bridge left without its broker
  local port
  for port in "$ACTIVEMQ_STOMP_PORT" "$ACTIVEMQ_WS_PORT"; do
    port_free "$BROKER_HOST" "$port" ||
      die "$BROKER_HOST:$port is taken by another process (not our ActiveMQ with activemq.base=$ACTIVEMQ_DIR); stop it first (ss -ltnp 'sport = :$port')"
  done

  write_config
  rm -f "$PID_FILE"
  LOG_MARK=$(line_count "$LOG_DIR/activemq.log")
  local java
  java="$(readlink -f "$(command -v java)")"
  local ssd=(start-stop-daemon --start --background --make-pidfile --pidfile "$PID_FILE"
    --chdir "$ACTIVEMQ_DIR" --output "$LOG_DIR/stdout.log" --exec "$java")
  if is_root && [[ "$RUN_AS" != root ]]; then ssd+=(--chuid "$RUN_AS"); fi
  : >"$LOG_DIR/stdout.log"
  is_root && chown "$RUN_AS:" "$LOG_DIR/stdout.log"
  log "starting ActiveMQ as user $RUN_AS (state in $ACTIVEMQ_DIR, heap max $HEAP_MAX)"
  "${ssd[@]}" -- \
    -Xms128m "-Xmx$HEAP_MAX" -Djava.awt.headless=true "-Djava.io.tmpdir=$TMP_DIR" \
    --add-reads=java.xml=java.logging \
    --add-opens java.base/java.security=ALL-UNNAMED --add-opens java.base/java.net=ALL-UNNAMED \
    --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED \
    --add-opens java.naming/javax.naming.spi=ALL-UNNAMED --add-opens java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED \
    --add-opens java.base/java.util.concurrent=ALL-UNNAMED --add-opens java.base/java.util.concurrent.atomic=ALL-UNNAMED \
    "-Dlog4j.configuration=file:$CONF_DIR/log4j.properties" \
    "-Dactivemq.classpath=$CONF_DIR" "-Dactivemq.home=$ACTIVEMQ_HOME" "-Dactivemq.base=$ACTIVEMQ_DIR" \
    "-Dactivemq.conf=$CONF_DIR" "-Dactivemq.data=$DATA_DIR" \
    -jar "$ACTIVEMQ_HOME/bin/activemq.jar" start "xbean:file:$CONF_DIR/activemq.xml" ||
    die "start-stop-daemon failed"
  if ! wait_for_probe "$deadline" broker_alive "$BROKER_HOST" "$ACTIVEMQ_STOMP_PORT" --vhost "$ACTIVEMQ_VHOST"; then
    show_log_tail
    die "ActiveMQ did not come up (log: $LOG_DIR)"
  fi
  start_bridge "$deadline"
  log "ready: stomp://$BROKER_HOST:$ACTIVEMQ_STOMP_PORT, ws://$BROKER_HOST:$ACTIVEMQ_WS_PORT"
}

cmd_stop() {
  local pids p
  stop_bridge
  pids=$(activemq_pids)
  if [[ -z "$pids" ]]; then
    log "not running"
    rm -f "$PID_FILE"
    return 0
  fi
  log "stopping ActiveMQ (pid $(paste -sd' ' <<<"$pids"))"
  for p in $pids; do kill -TERM "$p" 2>/dev/null || true; done
  for p in $pids; do
    wait_pid_gone "$p" 300 || { log "pid $p still alive after 30 s: SIGKILL"; kill -KILL "$p" 2>/dev/null || true; wait_pid_gone "$p" 50 || true; }
  done
  rm -f "$PID_FILE"
  log "stopped"
}

cmd_status() {
  local pids rc=0
  pids=$(activemq_pids)
  if [[ -n "$pids" ]]; then echo "activemq: running (pid $(paste -sd' ' <<<"$pids"))"; else echo "activemq: not running"; fi
  probe_stomp --timeout 3000 2>&1 || rc=1
  probe_ws --timeout 3000 2>&1 || rc=1
  [[ -z "$pids" && $rc -ne 0 ]] && return 3
  return $rc
}

case "${1:-}" in
  start) take_lock activemq && cmd_start ;;
  stop) take_lock activemq && cmd_stop ;;
  restart) take_lock activemq && cmd_stop && cmd_start ;;
  status) cmd_status ;;
  logs) tail -n "${2:-50}" "$LOG_DIR/activemq.log" ;;
  *) usage_commands "ActiveMQ STOMP 127.0.0.1:$ACTIVEMQ_STOMP_PORT, ws://127.0.0.1:$ACTIVEMQ_WS_PORT (also: logs [N])" ;;
esac
