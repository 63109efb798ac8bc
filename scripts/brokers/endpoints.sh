#!/usr/bin/env bash
# Prints the brokers' endpoints, login and TLS file paths as JSON (one object on stdout).
# tests/brokers/brokers.ts reads it, so the paths and ports live in one place: common.sh.
#
# Usage: scripts/brokers/endpoints.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

export BROKER_HOST BROKER_LOGIN BROKER_PASSCODE STATE_DIR TLS_DIR RABBITMQ_DIR ACTIVEMQ_DIR \
  RABBITMQ_STOMP_PORT RABBITMQ_STOMP_TLS_PORT RABBITMQ_WS_PORT RABBITMQ_WS_PATH RABBITMQ_VHOST RABBITMQ_NODE RABBITMQ_MANAGEMENT_PORT \
  ACTIVEMQ_STOMP_PORT ACTIVEMQ_WS_PORT ACTIVEMQ_VHOST
# shellcheck disable=SC2016 # JavaScript, not shell
exec node -e '
const e = process.env;
const host = e.BROKER_HOST;
const tls = (f) => `${e.TLS_DIR}/${f}`;
process.stdout.write(JSON.stringify({
  host,
  login: e.BROKER_LOGIN,
  passcode: e.BROKER_PASSCODE,
  stateDir: e.STATE_DIR,
  rabbitmq: {
    stompPort: Number(e.RABBITMQ_STOMP_PORT),
    stompTlsPort: Number(e.RABBITMQ_STOMP_TLS_PORT),
    wsPort: Number(e.RABBITMQ_WS_PORT),
    wsPath: e.RABBITMQ_WS_PATH,
    wsUrl: `ws://${host}:${e.RABBITMQ_WS_PORT}${e.RABBITMQ_WS_PATH}`,
    managementPort: Number(e.RABBITMQ_MANAGEMENT_PORT),
    managementUrl: `http://${host}:${e.RABBITMQ_MANAGEMENT_PORT}/`,
    vhost: e.RABBITMQ_VHOST,
    node: e.RABBITMQ_NODE,
    logDir: `${e.RABBITMQ_DIR}/log`,
  },
  activemq: {
    stompPort: Number(e.ACTIVEMQ_STOMP_PORT),
    wsPort: Number(e.ACTIVEMQ_WS_PORT),
    wsUrl: `ws://${host}:${e.ACTIVEMQ_WS_PORT}/`,
    vhost: e.ACTIVEMQ_VHOST,
    logDir: `${e.ACTIVEMQ_DIR}/log`,
  },
  tls: {
    dir: e.TLS_DIR,
    caCert: tls("ca.pem"),
    caKey: tls("ca.key"),
    serverCert: tls("server.pem"),
    serverKey: tls("server.key"),
    clientCert: tls("client.pem"),
    clientKey: tls("client.key"),
    selfSignedCert: tls("self-signed.pem"),
    selfSignedKey: tls("self-signed.key"),
  },
}, null, 2) + "\n");
'
