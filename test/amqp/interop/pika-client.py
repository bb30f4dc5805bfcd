"""pika against a Brokerlab listener: prints one JSON line per check for interop.test.ts."""
import json
import sys

import pika

port = int(sys.argv[1])
out = {}
params = pika.ConnectionParameters(host="127.0.0.1", port=port, credentials=pika.PlainCredentials("guest", "guest"), heartbeat=30)
conn = pika.BlockingConnection(params)
out["server_product"] = conn._impl.server_properties.get("product") if hasattr(conn._impl, "server_properties") else None
ch = conn.channel()

# Declare, publish with properties, get them back.
ch.queue_declare(queue="pika.q", auto_delete=True)
props = pika.BasicProperties(content_type="application/json", headers={"n": 7, "s": "str", "nested": {"ok": True}},
                             correlation_id="corr-1", priority=3, delivery_mode=2, message_id="m-1")
ch.confirm_delivery()
ch.basic_publish(exchange="", routing_key="pika.q", body=b'{"hello": "pika"}', properties=props, mandatory=True)
method, got_props, body = ch.basic_get("pika.q", auto_ack=True)
out["get"] = {"body": body.decode(), "content_type": got_props.content_type, "headers": got_props.headers,
              "correlation_id": got_props.correlation_id, "priority": got_props.priority, "delivery_mode": got_props.delivery_mode,
              "redelivered": method.redelivered}

# Topic routing and a consumer.
ch.exchange_declare(exchange="pika.topic", exchange_type="topic", auto_delete=True)
q = ch.queue_declare(queue="", exclusive=True).method.queue
ch.queue_bind(queue=q, exchange="pika.topic", routing_key="logs.*")
for key in ["logs.info", "logs.warn", "metrics.cpu"]:
    ch.basic_publish(exchange="pika.topic", routing_key=key, body=key.encode())
received = []
for method, _props, body in ch.consume(q, inactivity_timeout=2):
    if method is None:
        break
    received.append(body.decode())
    ch.basic_ack(method.delivery_tag)
    if len(received) == 2:
        break
ch.cancel()
out["consumed"] = received

# An unroutable mandatory publish is reported.
try:
    ch.basic_publish(exchange="", routing_key="nobody-home", body=b"x", mandatory=True)
    out["unroutable"] = "confirmed"
except pika.exceptions.UnroutableError:
    out["unroutable"] = "returned"

# A channel error closes only the channel.
try:
    ch.queue_declare(queue="pika.missing", passive=True)
    out["passive"] = "declared"
except pika.exceptions.ChannelClosedByBroker as e:
    out["passive"] = [e.reply_code, e.reply_text]
ch2 = conn.channel()
out["after_error"] = ch2.queue_declare(queue="", exclusive=True).method.queue.startswith("amq.gen-")
conn.close()
print(json.dumps(out))
