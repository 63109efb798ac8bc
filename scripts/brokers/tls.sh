#!/usr/bin/env bash
# Test certificates for STOMP over TLS, made once with openssl and cached in <state>/tls/:
#   ca.pem, ca.key                     a test CA
#   server.pem, server.key             CN=localhost, SAN DNS:localhost + IP:127.0.0.1, signed by the CA
#                                      (RabbitMQ's STOMP TLS listener uses it)
#   client.pem, client.key             a client certificate signed by the CA
#   self-signed.pem, self-signed.key   CN/SAN localhost, NOT from the CA (negative tests)
# Remade when a file is missing or a certificate expires within a day.
#
# Usage: scripts/brokers/tls.sh [ensure|regenerate|paths]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

FILES=(ca.pem ca.key server.pem server.key client.pem client.key self-signed.pem self-signed.key)
DAYS=3650

tls_complete() {
  local f
  for f in "${FILES[@]}"; do [[ -s "$TLS_DIR/$f" ]] || return 1; done
  for f in ca.pem server.pem client.pem self-signed.pem; do
    openssl x509 -checkend 86400 -noout -in "$TLS_DIR/$f" >/dev/null 2>&1 || return 1
  done
}

generate() {
  require_cmd openssl "openssl is needed to make the test certificates"
  mkdir -p "$STATE_DIR"
  local tmp
  tmp="$(mktemp -d "$STATE_DIR/.tls-XXXXXX")"
  # shellcheck disable=SC2064
  trap "rm -rf '$tmp'" RETURN
  (
    cd "$tmp"
    key() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null; }
    key ca.key
    openssl req -x509 -new -key ca.key -sha256 -days "$DAYS" -subj "/O=STOMP Explorer tests/CN=STOMP Explorer Test CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
      -addext "subjectKeyIdentifier=hash" -out ca.pem

    cat >server.ext <<'EOF'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1
authorityKeyIdentifier=keyid
EOF
    key server.key
    openssl req -new -key server.key -subj "/O=STOMP Explorer tests/CN=localhost" -out server.csr
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -sha256 -days "$DAYS" \
      -extfile server.ext -out server.pem 2>/dev/null

    cat >client.ext <<'EOF'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth
authorityKeyIdentifier=keyid
EOF
    key client.key
    openssl req -new -key client.key -subj "/O=STOMP Explorer tests/CN=stomp-explorer-test-client" -out client.csr
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -sha256 -days "$DAYS" \
      -extfile client.ext -out client.pem 2>/dev/null

    key self-signed.key
    openssl req -x509 -new -key self-signed.key -sha256 -days "$DAYS" -subj "/O=STOMP Explorer tests/CN=localhost" \
      -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -addext "basicConstraints=critical,CA:FALSE" \
      -addext "extendedKeyUsage=serverAuth" -out self-signed.pem

    openssl verify -CAfile ca.pem server.pem client.pem >/dev/null
  )
  mkdir -p "$TLS_DIR"
  local f
  for f in "${FILES[@]}"; do mv -f "$tmp/$f" "$TLS_DIR/$f"; done
  log "made test certificates in $TLS_DIR"
}

fix_permissions() {
  chmod 755 "$TLS_DIR"
  chmod 644 "$TLS_DIR"/*.pem
  chmod 600 "$TLS_DIR/ca.key"
  chmod 640 "$TLS_DIR/server.key" "$TLS_DIR/client.key" "$TLS_DIR/self-signed.key"
  # RabbitMQ (running as user rabbitmq) must read the server key.
  if is_root && getent group rabbitmq >/dev/null; then
    chgrp rabbitmq "$TLS_DIR/server.key" "$TLS_DIR/client.key" "$TLS_DIR/self-signed.key"
  fi
}

case "${1:-ensure}" in
  ensure)
    tls_complete || generate
    fix_permissions
    ;;
  regenerate)
    generate
    fix_permissions
    ;;
  paths)
    for f in "${FILES[@]}"; do printf '%s\n' "$TLS_DIR/$f"; done
    ;;
  *)
    echo "usage: $0 [ensure|regenerate|paths]" >&2
    exit 64
    ;;
esac
