/**
 * Heap per queued message beyond its body: 1,000,000 messages of 100 bytes
 * sit in one classic queue. Bodies are views into shared slabs, as the AMQP
 * listener makes them from socket reads. Run with --expose-gc for a clean figure.
 */
import { Broker } from '../engine/core/broker.ts';
import { VirtualScheduler } from '../engine/core/clock.ts';
import { fmt, gc, isMain, printResult } from './bench-util.ts';

const sinkNoop = { deliver() {}, returned() {}, confirm() {}, cancelled() {}, closedByBroker() {} };

export async function runEngineMemory(n = 1_000_000, bodySize = 100): Promise<Record<string, number>> {
  const broker = new Broker({ scheduler: new VirtualScheduler() });
  const conn = broker.connect({ user: '', vhost: '/', kind: 'internal' });
  const ch = conn.openChannel(1, sinkNoop);
  broker.execute({ type: 'queue.declare', vhost: '/', name: 'q', durable: false, exclusive: false, autoDelete: false, arguments: {} });
  const slabSize = 64 * 1024;
  const slabs: Uint8Array[] = [];
  const perSlab = Math.floor(slabSize / bodySize);
  for (let i = 0; i < Math.ceil(n / perSlab); i++) slabs.push(new Uint8Array(slabSize));
  const props = {};
  gc();
  const before = process.memoryUsage();
  for (let i = 0; i < n; i++) {
    const slab = slabs[Math.floor(i / perSlab)]!;
    const off = (i % perSlab) * bodySize;
    ch.publish('', 'q', false, props, slab.subarray(off, off + bodySize));
  }
  gc();
  const after = process.memoryUsage();
  const depth = broker.vhost('/')!.queues.get('q')!.messageCount;
  if (depth !== n) throw new Error(`queue holds ${depth} of ${n}`);
  // Slabs were allocated before the baseline: the delta is what queueing costs beyond the bodies.
  const heapPerMessage = (after.heapUsed - before.heapUsed) / n;
  const externalPerMessage = (after.external + after.arrayBuffers - before.external - before.arrayBuffers) / n;
  return {
    messages: n,
    bodyBytes: bodySize,
    heapBytesPerMessage: Math.round(heapPerMessage),
    externalBytesPerMessage: Math.round(externalPerMessage),
    gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function' ? 1 : 0,
  };
}

if (isMain(import.meta.url)) {
  const r = await runEngineMemory();
  console.log(`${fmt(r.messages!)} queued ${r.bodyBytes}-byte messages: ${r.heapBytesPerMessage} heap bytes per message beyond the body (target ≤ 250)`);
  printResult('engine-memory', r);
}
