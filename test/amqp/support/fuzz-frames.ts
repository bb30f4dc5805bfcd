/**
 * Seeded generators of AMQP traffic for the fuzz test: plausible frames for
 * every class, then mutations of their bytes (flips, truncation, wrong types,
 * channels and sizes, reordering), so the server sees both near-valid and
 * nonsensical input.
 */
import { encodeFrame, encodeHeaderFrame, encodeMethodFrame, FrameType, PROTOCOL_HEADER } from '../../../engine/amqp/codec/index.ts';
import type { AmqpMethodInput } from '../../../engine/amqp/codec/index.ts';
import { SeededRandom } from '../../../engine/core/random.ts';

export class Dice extends SeededRandom {
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  bytes(n: number): Buffer {
    return Buffer.from(Array.from({ length: n }, () => this.int(256)));
  }
}

const NAMES = ['f.a', 'f.b', 'f.c', '', 'amq.direct', 'amq.fanout', 'amq.topic', 'amq.rabbitmq.reply-to'];
const TYPES = ['direct', 'fanout', 'topic', 'headers', 'x-nope'];

/** One plausible client method on `channel`. */
function method(d: Dice): AmqpMethodInput {
  const q = d.pick(NAMES);
  const x = d.pick(NAMES);
  const args = d.chance(0.2) ? { 'x-max-length': d.int(5), 'x-message-ttl': d.int(50), 'x-queue-type': d.pick(['classic', 'quorum', 'bad']) } : {};
  const all: AmqpMethodInput[] = [
    { name: 'queue.declare', queue: q, exclusive: d.chance(0.5), autoDelete: d.chance(0.5), durable: d.chance(0.3), passive: d.chance(0.2), arguments: args },
    { name: 'exchange.declare', exchange: x.replace('amq.', 'f.'), type: d.pick(TYPES), passive: d.chance(0.2) },
    { name: 'queue.bind', queue: q, exchange: x, routingKey: d.pick(['', 'k', '#']) },
    { name: 'queue.unbind', queue: q, exchange: x, routingKey: 'k' },
    { name: 'queue.purge', queue: q },
    { name: 'queue.delete', queue: q, ifEmpty: d.chance(0.3) },
    { name: 'exchange.delete', exchange: x },
    { name: 'exchange.bind', destination: x, source: d.pick(NAMES), routingKey: '#' },
    { name: 'basic.qos', prefetchCount: d.int(10), global: d.chance(0.5), prefetchSize: d.chance(0.1) ? 1 : 0 },
    { name: 'basic.consume', queue: q, consumerTag: d.pick(['', 't1', 't2']), noAck: d.chance(0.5), exclusive: d.chance(0.2) },
    { name: 'basic.cancel', consumerTag: d.pick(['t1', 't2', 'zz']) },
    { name: 'basic.get', queue: q, noAck: d.chance(0.5) },
    { name: 'basic.ack', deliveryTag: d.int(4), multiple: d.chance(0.3) },
    { name: 'basic.nack', deliveryTag: d.int(4), multiple: d.chance(0.3), requeue: d.chance(0.5) },
    { name: 'basic.reject', deliveryTag: d.int(4), requeue: d.chance(0.5) },
    { name: 'basic.recover', requeue: d.chance(0.8) },
    { name: 'confirm.select' },
    { name: 'tx.select' },
    { name: 'tx.commit' },
    { name: 'tx.rollback' },
    { name: 'channel.flow', active: d.chance(0.5) },
    { name: 'channel.open' },
    { name: 'channel.close', replyCode: 200, replyText: '', classId: 0, methodId: 0 },
    { name: 'channel.close-ok' },
  ];
  return d.pick(all);
}

/** A sequence of plausible frames: methods, whole publishes, heartbeats. */
export function plausibleFrames(d: Dice, count: number): Buffer[] {
  const out: Buffer[] = [];
  const channels = [1, 1, 1, 2, 3];
  for (const ch of new Set(channels)) out.push(encodeMethodFrame(ch, { name: 'channel.open' }));
  while (out.length < count) {
    const ch = d.pick(channels);
    const roll = d.next();
    if (roll < 0.3) {
      const body = d.bytes(d.int(300));
      out.push(encodeMethodFrame(ch, { name: 'basic.publish', exchange: d.pick(NAMES), routingKey: d.pick(['f.a', 'f.b', 'k', '']), mandatory: d.chance(0.5) }));
      out.push(encodeHeaderFrame(ch, 60, body.length, d.chance(0.5) ? { headers: { n: d.int(9) }, priority: d.int(12), expiration: d.pick(['0', '10', 'x']) } : {}));
      if (body.length > 0) out.push(encodeFrame(FrameType.BODY, ch, body));
    } else if (roll < 0.35) {
      out.push(encodeFrame(FrameType.HEARTBEAT, 0, Buffer.alloc(0)));
    } else {
      out.push(encodeMethodFrame(ch, method(d)));
    }
  }
  return out;
}

/** Damage one frame's bytes in one of several ways. */
export function mutate(d: Dice, f: Buffer): Buffer {
  const b = Buffer.from(f);
  switch (d.int(8)) {
    case 0: // flip payload bytes
      for (let i = 0; i < 1 + d.int(3); i++) if (b.length > 8) b[7 + d.int(b.length - 8)] = d.int(256);
      return b;
    case 1: // another frame type
      b[0] = d.pick([0, 1, 2, 3, 4, 8, 9, 255]);
      return b;
    case 2: // another channel
      b.writeUInt16BE(d.pick([0, 1, 4, 9, 2048, 65535]), 1);
      return b;
    case 3: // truncated payload, size kept consistent
      return encodeFrame(b[0]!, b.readUInt16BE(1), b.subarray(7, 7 + d.int(Math.max(1, b.length - 8))));
    case 4: // a size that lies
      b.writeUInt32BE(d.pick([0, 1, b.readUInt32BE(3) + 1 + d.int(1000), 0xffffffff]), 3);
      return b;
    case 5: // a bad frame-end octet
      b[b.length - 1] = d.int(0xce);
      return b;
    case 6: // random class/method ids
      if (b.length > 11) b.writeUInt32BE(d.int(0x10000) * 0x10000 + d.int(200), 7);
      return b;
    default: // random bytes spliced in
      return Buffer.concat([b.subarray(0, d.int(b.length)), d.bytes(1 + d.int(20)), b.subarray(d.int(b.length))]);
  }
}

/** A handshake frame sequence, possibly damaged. */
export function handshakeFrames(d: Dice): Buffer[] {
  const caps = d.chance(0.8) ? { authentication_failure_close: true } : {};
  const frames = [
    encodeMethodFrame(0, {
      name: 'connection.start-ok', clientProperties: { capabilities: caps }, mechanism: d.pick(['PLAIN', 'PLAIN', 'AMQPLAIN', 'CRAM']),
      response: d.chance(0.7) ? Buffer.from('\0guest\0guest') : d.bytes(d.int(20)),
    }),
    encodeMethodFrame(0, { name: 'connection.tune-ok', channelMax: d.pick([0, 1, 5000]), frameMax: d.pick([0, 4096, 131072, 100, 1 << 20]), heartbeat: 0 }),
    encodeMethodFrame(0, { name: 'connection.open', virtualHost: d.pick(['/', '/', 'nope']) }),
  ];
  if (d.chance(0.3)) frames.reverse();
  return frames.map((f) => (d.chance(0.3) ? mutate(d, f) : f));
}

/** Bytes that are not a valid protocol header. */
export function badHeader(d: Dice): Buffer {
  const options = [
    Buffer.from('AMQP\x00\x00\x09\x00', 'latin1'),
    Buffer.from('AMQP\x01\x01\x00\x0a', 'latin1'),
    Buffer.from('GET / HTTP/1.1\r\n\r\n'),
    Buffer.concat([Buffer.from([0x42]), d.bytes(7 + d.int(8))]),
  ];
  const b = d.pick(options);
  return b.equals(Buffer.from(PROTOCOL_HEADER)) ? Buffer.from('XXXXXXXX') : b;
}
