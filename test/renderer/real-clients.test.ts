import { describe, expect, test } from 'vitest';
import { Broker } from '../../engine/core/broker.ts';
import { VirtualScheduler } from '../../engine/core/clock.ts';
import type { HostSnapshot } from '../../engine/host/contract.ts';
import { NO_SIM_STATUS } from '../../engine/host/contract.ts';
import { topologySnapshot } from '../../engine/host/topology-snapshot.ts';
import { buildFlow } from '../../renderer/src/graph/build-flow.ts';
import { clientPublishId, readSnapshot, withRates } from '../../renderer/src/model/live-stats.ts';
import { modelFromSnapshot } from '../../renderer/src/model/topology-model.ts';
import { realClientsOf } from '../../renderer/src/stores/graph-model-utils.ts';
import { RecordingSink } from '../support/engine-harness.ts';

const body = new Uint8Array(1);

/** A broker with exchange `orders` → queue `invoices`, and one real connection that publishes and consumes. */
function setup() {
  const scheduler = new VirtualScheduler(1_000);
  const broker = new Broker({ scheduler });
  const ctx = { user: 'guest' };
  broker.execute({ type: 'exchange.declare', vhost: '/', name: 'orders', exchangeType: 'direct', durable: true, autoDelete: false, internal: false, arguments: {} }, ctx);
  for (const q of ['invoices', 'audit']) broker.execute({ type: 'queue.declare', vhost: '/', name: q, durable: true, exclusive: false, autoDelete: false, arguments: {} }, ctx);
  broker.execute({ type: 'binding.add', vhost: '/', source: 'orders', destination: 'invoices', destinationType: 'queue', routingKey: 'new', arguments: {} }, ctx);
  const conn = broker.connect({ user: 'guest', vhost: '/', kind: 'amqp', name: 'shop' });
  const ch = conn.openChannel(1, new RecordingSink());
  const snap = (seq: number): HostSnapshot => ({ seq, topology: topologySnapshot(broker), sim: NO_SIM_STATUS, metrics: null });
  return { broker, scheduler, conn, ch, snap };
}

function flowOf(s: HostSnapshot) {
  const realClients = realClientsOf(s.topology, '/');
  return buildFlow({ model: modelFromSnapshot(s.topology, '/'), draftIds: new Set(), errors: {}, producers: [], consumers: [], issues: {}, realClients, prevNodes: [], hints: {} });
}

describe('real clients on the graph', () => {
  test('a real producer gets one edge per exchange it publishes to, and per queue it addresses through the default exchange', () => {
    const { ch, snap } = setup();
    const before = flowOf(snap(1));
    expect(before.edges.filter((e) => e.source === 'connection:1')).toEqual([]);
    ch.publish('orders', 'new', false, {}, body);
    ch.publish('amq.topic', 'x.y', false, {}, body);
    ch.publish('', 'audit', false, {}, body);
    ch.publish('', 'no-such-queue', false, {}, body);
    const f = flowOf(snap(2));
    const out = f.edges.filter((e) => e.source === 'connection:1').map((e) => [e.target, e.data?.kind, e.sourceHandle]);
    expect(out).toEqual([
      ['exchange:%2F/amq.topic', 'client-publish', 'out'],
      ['exchange:%2F/orders', 'client-publish', 'out'],
      ['queue:%2F/audit', 'client-publish', 'out'],
    ]);
    // A built-in exchange a real client publishes to is shown, so its edge has a target.
    expect(f.nodes.map((n) => n.id)).toContain('exchange:%2F/amq.topic');
    expect(f.edges.find((e) => e.target === 'queue:%2F/audit')?.ariaLabel).toBe('publishes to audit (default exchange)');
  });

  test('each real publish edge gets the rate of what that connection sent to that target', () => {
    const { ch, snap, scheduler } = setup();
    ch.publish('orders', 'new', false, {}, body);
    ch.publish('', 'audit', false, {}, body);
    const r0 = readSnapshot(snap(1), '/');
    for (let i = 0; i < 6; i++) ch.publish('orders', 'new', false, {}, body);
    for (let i = 0; i < 2; i++) ch.publish('', 'audit', false, {}, body);
    scheduler.advance(2_000);
    const s = snap(2);
    const stats = withRates({ readings: r0, time: 0 }, readSnapshot(s, '/'), 2_000);
    expect(stats[clientPublishId(1, 'exchange:%2F/orders')]?.rates.publish).toBe(3);
    expect(stats[clientPublishId(1, 'queue:%2F/audit')]?.rates.publish).toBe(1);
    const edge = flowOf(s).edges.find((e) => e.target === 'exchange:%2F/orders');
    expect(edge?.data && 'rateOf' in edge.data ? edge.data.rateOf : null).toBe(clientPublishId(1, 'exchange:%2F/orders'));
  });

  test("a real client's badge counts deliveries and acks on its connection, after the channel closed too", () => {
    const { conn, ch, snap } = setup();
    const sub = conn.openChannel(2, new RecordingSink());
    sub.consume('invoices', 'c', false, false, {});
    for (let i = 0; i < 4; i++) ch.publish('orders', 'new', false, {}, body);
    sub.ack(3, true);
    sub.close();
    const counts = readSnapshot(snap(1), '/').get('connection:1')?.counts;
    expect(counts).toMatchObject({ publish: 4, deliverManualAck: 4, ack: 3 });
  });

  test('a real consumer still gets its edge from the queue, and a client that only publishes has no inbound edge', () => {
    const { conn, ch, snap } = setup();
    ch.publish('orders', 'new', false, {}, body);
    const other = conn.broker.connect({ user: 'guest', vhost: '/', kind: 'amqp', name: 'worker' });
    other.openChannel(1, new RecordingSink()).consume('invoices', 'amq.ctag-1', false, false, {});
    const f = flowOf(snap(1));
    expect(f.edges.filter((e) => e.target === `connection:${other.id}`).map((e) => [e.source, e.data?.kind])).toEqual([['queue:%2F/invoices', 'client']]);
    expect(f.edges.filter((e) => e.target === 'connection:1')).toEqual([]);
  });
});
