#!/usr/bin/python3
"""
stomp.py (Debian's python3-stomp 8) as a producer or a consumer for the proxy tests: a STOMP client
that is not ours, speaking 1.2 through the proxy to a real broker. Bodies travel as base64 in JSON.

  proxy-stomppy.py produce HOST PORT VHOST DESTINATION < ["<base64>", ...]   -> {"sent": N}
  proxy-stomppy.py consume HOST PORT VHOST DESTINATION COUNT TIMEOUT        -> {"bodies": ["<base64>", ...]}
"""
import base64
import json
import sys
import threading
import time

import stomp


class Listener(stomp.ConnectionListener):
    def __init__(self):
        self.cond = threading.Condition()
        self.receipts = set()
        self.messages = []
        self.errors = []

    def on_receipt(self, frame):
        with self.cond:
            self.receipts.add(frame.headers.get("receipt-id"))
            self.cond.notify_all()

    def on_message(self, frame):
        with self.cond:
            self.messages.append(frame)
            self.cond.notify_all()

    def on_error(self, frame):
        with self.cond:
            self.errors.append(frame.headers.get("message", "") + " " + repr(frame.body))
            self.cond.notify_all()

    def wait(self, done, timeout, what):
        deadline = time.time() + timeout
        with self.cond:
            while not done():
                if self.errors:
                    raise RuntimeError("broker ERROR: " + "; ".join(self.errors))
                left = deadline - time.time()
                if left <= 0:
                    raise TimeoutError("timed out waiting for " + what)
                self.cond.wait(left)


def connect(host, port, vhost):
    conn = stomp.Connection12([(host, int(port))], vhost=vhost, auto_decode=False, heartbeats=(0, 0))
    listener = Listener()
    conn.set_listener("test", listener)
    conn.connect("guest", "guest", wait=True)
    return conn, listener


def produce(host, port, vhost, destination):
    bodies = [base64.b64decode(b) for b in json.load(sys.stdin)]
    conn, listener = connect(host, port, vhost)
    for i, body in enumerate(bodies):
        conn.send(destination, body, headers={"receipt": "r%d" % i, "x-index": str(i), "persistent": "true"})
    listener.wait(lambda: len(listener.receipts) >= len(bodies), 60, "receipts")
    conn.disconnect(receipt="bye")
    print(json.dumps({"sent": len(bodies)}))


def consume(host, port, vhost, destination, count, timeout):
    count = int(count)
    conn, listener = connect(host, port, vhost)
    conn.subscribe(destination, id="1", ack="client-individual")
    acked = 0
    deadline = time.time() + float(timeout)
    while acked < count:
        listener.wait(lambda: len(listener.messages) > acked, max(0.1, deadline - time.time()), "message %d of %d" % (acked + 1, count))
        frame = listener.messages[acked]
        conn.ack(frame.headers["ack"])
        acked += 1
    conn.disconnect(receipt="bye")
    bodies = [base64.b64encode(m.body if isinstance(m.body, bytes) else m.body.encode("utf-8")).decode("ascii") for m in listener.messages[:count]]
    print(json.dumps({"bodies": bodies, "indexes": [m.headers.get("x-index") for m in listener.messages[:count]]}))


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    {"produce": produce, "consume": consume}[mode](*args)
