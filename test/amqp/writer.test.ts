/** The output batcher: order, slab reuse and replacement, reply insertion and backpressure. */
import { describe, expect, test } from 'vitest';
import { encodeDelivery, writeDeliverInto } from '../../engine/amqp/codec/index.ts';
import { FrameWriter } from '../../engine/amqp/connection/writer.ts';
import { MemoryTransport } from './support/wire-client.ts';

function writer(t = new MemoryTransport()): { w: FrameWriter; t: MemoryTransport; flushes: (() => void)[]; accepting: boolean[] } {
  const flushes: (() => void)[] = [];
  const accepting: boolean[] = [];
  const w = new FrameWriter(t, (fn) => void flushes.push(fn), (a) => accepting.push(a));
  return { w, t, flushes, accepting };
}

const frame = (i: number, size: number): Buffer => Buffer.alloc(size, i % 251);

describe('FrameWriter', () => {
  test('keeps order across slab replacements, copied frames and frames written on their own', () => {
    const { w, t } = writer();
    const sent: Buffer[] = [];
    for (let i = 0; i < 400; i++) {
      const f = frame(i, i % 7 === 0 ? 3000 : 300);
      sent.push(f);
      if (i % 5 === 0) {
        const at = w.reserve(f.length);
        f.copy(w.slab, at);
      } else w.push(f);
    }
    w.flush();
    expect(Buffer.concat(t.out).equals(Buffer.concat(sent))).toBe(true);
  });

  test('a reply inserted at a mark goes out before what was written after the mark', () => {
    const { w, t } = writer();
    w.push(Buffer.from('a'));
    const at = w.mark();
    w.push(Buffer.from('c'));
    w.flush();
    expect(t.out).toEqual([]);
    w.insertAt(at, Buffer.from('b'));
    w.flush();
    expect(Buffer.concat(t.out).toString()).toBe('abc');
  });

  test('batches a turn into one write and flushes early past the high-water mark', () => {
    const { w, t, flushes } = writer();
    for (let i = 0; i < 10; i++) w.push(frame(i, 100));
    expect(flushes).toHaveLength(1);
    flushes[0]!();
    expect(t.out).toHaveLength(1);
    for (let i = 0; i < 300; i++) w.push(frame(i, 1000));
    expect(t.out.length).toBeGreaterThan(1);
  });

  test('reports backpressure when the transport is full and clears it on drain', () => {
    const { w, t, accepting } = writer();
    t.accept = false;
    w.push(Buffer.from('x'));
    w.flush();
    expect(accepting).toEqual([false]);
    t.accept = true;
    w.drained();
    expect(accepting).toEqual([false, true]);
  });

  test('a delivery written into the slab, large bodies attached by reference, matches the encoder byte for byte', () => {
    for (const [size, frameMax] of [[100, 4096], [20_000, 4096], [70_000, 131_072], [131_064, 131_072], [300_000, 131_072]] as const) {
      const { w, t } = writer();
      const body = Buffer.alloc(size);
      for (let i = 0; i < size; i++) body[i] = (i * 7) & 0xff;
      const m = { name: 'basic.deliver', consumerTag: 'ctag', deliveryTag: 12, redelivered: true, exchange: 'x', routingKey: 'k' } as const;
      const props = { contentType: 'application/octet-stream', headers: { n: 1 } };
      w.push(Buffer.from('before'));
      expect(writeDeliverInto(w, 3, m, props, body, frameMax)).toBe(true);
      w.push(Buffer.from('after'));
      w.flush();
      const expected = Buffer.concat([Buffer.from('before'), encodeDelivery(3, m, props, body, frameMax), Buffer.from('after')]);
      expect(Buffer.concat(t.out).equals(expected), `${size} bytes at frame-max ${frameMax}`).toBe(true);
    }
  });
});
