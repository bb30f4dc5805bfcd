/**
 * In-process publish → route → deliver → ack: direct exchange, one queue, one
 * consumer with prefetch 100, Brokerlab's engine beside the npm package smqp
 * on the same workload in the same process.
 */
import { Broker as Smqp } from 'smqp';
import { Broker } from '../engine/core/broker.ts';
import { VirtualScheduler } from '../engine/core/clock.ts';
import type { ChannelSink } from '../engine/core/delivery.ts';
import { fmt, isMain, printResult, timeIt } from './bench-util.ts';

const BATCH = 100;

function brokerlabRun(n: number): number {
  const broker = new Broker({ scheduler: new VirtualScheduler() });
  const conn = broker.connect({ user: '', vhost: '/', kind: 'internal' });
  let ch!: ReturnType<typeof conn.openChannel>;
  let received = 0;
  const sink: ChannelSink = {
    deliver(_tag, deliveryTag) {
      received++;
      ch.ack(deliveryTag, false);
    },
    returned() {},
    confirm() {},
    cancelled() {},
    closedByBroker() {},
  };
  ch = conn.openChannel(1, sink);
  broker.execute({ type: 'exchange.declare', vhost: '/', name: 'bench', exchangeType: 'direct', durable: false, autoDelete: false, internal: false, arguments: {} });
  broker.execute({ type: 'queue.declare', vhost: '/', name: 'q', durable: false, exclusive: false, autoDelete: false, arguments: {} });
  broker.execute({ type: 'binding.add', vhost: '/', source: 'bench', destination: 'q', destinationType: 'queue', routingKey: 'k', arguments: {} });
  ch.qos(0, 100, false);
  ch.consume('q', 'c', false, false, {});
  const body = new Uint8Array(100);
  const props = {};
  const secs = timeIt(() => {
    for (let i = 0; i < n; i++) ch.publish('bench', 'k', false, props, body);
  });
  if (received !== n) throw new Error(`brokerlab received ${received} of ${n}`);
  return n / secs;
}

function smqpRun(n: number): number {
  const broker = Smqp({ name: 'bench' });
  broker.assertExchange('bench', 'direct');
  broker.assertQueue('q');
  broker.bindQueue('q', 'bench', 'k');
  let received = 0;
  broker.consume(
    'q',
    (_rk: string, msg: { ack(): void }) => {
      received++;
      msg.ack();
    },
    { prefetch: 100 },
  );
  const body = new Uint8Array(100);
  const secs = timeIt(() => {
    for (let i = 0; i < n; i++) broker.publish('bench', 'k', body);
  });
  if (received !== n) throw new Error(`smqp received ${received} of ${n}`);
  return n / secs;
}

export async function runEngineThroughput(): Promise<Record<string, number>> {
  // Warm up both so the JIT has compiled the hot paths before measuring.
  brokerlabRun(200_000);
  smqpRun(50_000);
  const n = 2_000_000;
  const best = (f: () => number): number => Math.max(f(), f(), f());
  const brokerlab = best(() => brokerlabRun(n));
  const smqp = best(() => smqpRun(n / 4));
  void BATCH;
  return { brokerlabMsgPerSec: Math.round(brokerlab), smqpMsgPerSec: Math.round(smqp), ratioVsSmqp: +(brokerlab / smqp).toFixed(2) };
}

if (isMain(import.meta.url)) {
  const r = await runEngineThroughput();
  console.log(`publish→route→deliver→ack (direct, 1 queue, 1 consumer, prefetch 100, 100 B)`);
  console.log(`  brokerlab: ${fmt(r.brokerlabMsgPerSec!)} msg/s`);
  console.log(`  smqp:      ${fmt(r.smqpMsgPerSec!)} msg/s`);
  console.log(`  ratio:     ${r.ratioVsSmqp}× smqp`);
  printResult('engine-throughput', r);
}
