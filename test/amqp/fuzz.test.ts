/**
 * Fuzz: thousands of random and mutated frames over many connections
 * (seeded, so a failure reproduces). Each bad connection must be closed with
 * a spec reply code (or just closed, for a bad header or a refused login),
 * never 541 INTERNAL_ERROR, while one well-behaved amqplib publisher and
 * consumer on the same broker lose nothing.
 */
import type { ConsumeMessage } from 'amqplib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { PROTOCOL_HEADER } from '../../engine/amqp/codec/index.ts';
import { startHarness } from './support/amqp-harness.ts';
import type { Harness } from './support/amqp-harness.ts';
import { badHeader, Dice, handshakeFrames, mutate, plausibleFrames } from './support/fuzz-frames.ts';
import { RawClient } from './support/raw-client.ts';

const SEED = 20240901;
const CONNECTIONS = 240;
const CONCURRENCY = 16;
/** Reply codes the spec defines for connection.close and channel.close (541 excluded: that would be a broker bug). */
const HARD = new Set([320, 402, 501, 502, 503, 504, 505, 506, 530, 540]);
const SOFT = new Set([311, 312, 313, 403, 404, 405, 406]);
/** Zeros after the fuzz: completes any frame the server is still reading, and then fails as frame type 0. */
const TRAILER = Buffer.alloc(131_072 + 16);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ listener: { closeTimeoutMs: 200, handshakeTimeoutMs: 5_000 } });
});
afterAll(() => h.close());

interface Outcome {
  kind: 'header' | 'handshake' | 'frames';
  frames: number;
  close: number | undefined;
  channelCloses: number[];
  raw: Buffer;
}

async function fuzzOne(d: Dice): Promise<Outcome> {
  const c = await RawClient.open(h.listener.port);
  const roll = d.next();
  let frames: Buffer[];
  let kind: Outcome['kind'];
  if (roll < 0.1) {
    kind = 'header';
    frames = [badHeader(d)];
  } else if (roll < 0.25) {
    kind = 'handshake';
    frames = [Buffer.from(PROTOCOL_HEADER), ...handshakeFrames(d), ...plausibleFrames(d, 5)];
  } else {
    kind = 'frames';
    await c.handshake();
    const p = d.pick([0, 0.05, 0.2, 0.6]);
    frames = plausibleFrames(d, 5 + d.int(40)).map((f) => (d.chance(p) ? mutate(d, f) : f));
    if (d.chance(0.2)) frames.splice(d.int(frames.length), 1);
  }
  // Several frames per write, as a real client's socket would carry them.
  for (let i = 0; i < frames.length; i += 1 + d.int(4)) c.write(Buffer.concat(frames.slice(i, i + 1 + d.int(4))));
  if (kind !== 'header') c.write(TRAILER);
  else c.end();
  await c.closed;
  return {
    kind,
    frames: frames.length,
    close: c.serverClose?.replyCode,
    channelCloses: c.methods.flatMap((m) => (m.name === 'channel.close' ? [m.replyCode] : [])),
    raw: c.raw,
  };
}

test('malformed traffic on many connections closes each with a spec code while a good client loses nothing', async () => {
  // The well-behaved pair: confirmed publishes, consumed and acked in order.
  const pub = await h.confirmChannel();
  const sub = await h.channel();
  await pub.assertQueue('fuzz.good', { autoDelete: false });
  const received: number[] = [];
  await sub.consume('fuzz.good', (m: ConsumeMessage | null) => {
    if (m === null) return;
    received.push(Number(m.content.toString()));
    sub.ack(m);
  });
  let fuzzing = true;
  let sent = 0;
  const publishing = (async () => {
    while (fuzzing) {
      for (let i = 0; i < 20; i++) pub.sendToQueue('fuzz.good', Buffer.from(String(sent++)));
      await pub.waitForConfirms();
    }
  })();

  const d = new Dice(SEED);
  const seeds = Array.from({ length: CONNECTIONS }, () => d.int(2 ** 31));
  const outcomes: Outcome[] = [];
  for (let i = 0; i < seeds.length; i += CONCURRENCY) {
    outcomes.push(...(await Promise.all(seeds.slice(i, i + CONCURRENCY).map((s) => fuzzOne(new Dice(s))))));
  }
  fuzzing = false;
  await publishing;
  while (received.length < sent) await new Promise((r) => setTimeout(r, 10));

  expect(outcomes.reduce((n, o) => n + o.frames, 0)).toBeGreaterThan(4_000);
  for (const o of outcomes) {
    if (o.kind === 'header') expect(o.raw).toEqual(Buffer.from(PROTOCOL_HEADER));
    else if (o.kind === 'frames') expect(HARD.has(o.close ?? -1), `connection.close ${o.close}`).toBe(true);
    else if (o.close !== undefined) expect(HARD.has(o.close) || o.close === 403, `connection.close ${o.close}`).toBe(true);
    for (const code of o.channelCloses) expect(SOFT.has(code), `channel.close ${code}`).toBe(true);
  }
  expect(received).toEqual([...Array(sent).keys()]);
  expect(h.listener.server.connections.size).toBe(2);
}, 120_000);
