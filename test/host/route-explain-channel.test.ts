import { describe, expect, test } from 'vitest';
import { Broker } from '../../engine/core/broker.ts';
import { VirtualScheduler } from '../../engine/core/clock.ts';
import type { Command } from '../../engine/core/commands.ts';
import type { InvokeChannel, InvokeRequest, InvokeResponses } from '../../engine/host/contract.ts';
import { HostService } from '../../engine/host/host-service.ts';
import { topologySnapshot } from '../../engine/host/topology-snapshot.ts';

function setup() {
  const broker = new Broker({ scheduler: new VirtualScheduler(1_000) });
  const service = new HostService({ broker, mode: 'web' });
  const call = async <C extends InvokeChannel>(channel: C, payload: InvokeRequest<C>, user = ''): Promise<InvokeResponses[C]> => {
    const r = await service.invoke(channel, payload, { user });
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as InvokeResponses[C];
  };
  const run = (...cmds: Command[]) => cmds.forEach((c) => broker.execute(c));
  run(
    { type: 'exchange.declare', vhost: '/', name: 'unrouted', exchangeType: 'fanout', durable: true, autoDelete: false, internal: false, arguments: {} },
    { type: 'exchange.declare', vhost: '/', name: 'orders', exchangeType: 'topic', durable: true, autoDelete: false, internal: false, arguments: { 'alternate-exchange': 'unrouted' } },
    { type: 'queue.declare', vhost: '/', name: 'eu', durable: true, exclusive: false, autoDelete: false, arguments: {} },
    { type: 'queue.declare', vhost: '/', name: 'lost', durable: true, exclusive: false, autoDelete: false, arguments: {} },
    { type: 'binding.add', vhost: '/', source: 'orders', destination: 'eu', destinationType: 'queue', routingKey: 'orders.*.eu', arguments: {} },
    { type: 'binding.add', vhost: '/', source: 'unrouted', destination: 'lost', destinationType: 'queue', routingKey: '', arguments: {} },
  );
  return { broker, service, call };
}

describe("'route:explain'", () => {
  test('explains a route with the snapshot ids of the bindings it matched', async () => {
    const h = setup();
    const e = await h.call('route:explain', { vhost: '/', exchange: 'orders', routingKey: 'orders.new.eu' });
    expect(e).toMatchObject({ outcome: 'routed', summary: 'Routed to 1 queue: eu', mandatory: true, refused: null, usedAlternate: false });
    const snapIds = topologySnapshot(h.broker).bindings.map((b) => b.id);
    const matched = e.hops[0]!.bindings.filter((b) => b.matched);
    expect(matched.map((b) => [b.reason, snapIds.includes(b.id)])).toEqual([["'orders.new.eu' matches pattern 'orders.*.eu'", true]]);
    // Nothing was published.
    expect(topologySnapshot(h.broker).queues.map((q) => q.ready)).toEqual([0, 0]);
  });

  test('an unmatched key goes to the alternate exchange, in words', async () => {
    const h = setup();
    const e = await h.call('route:explain', { vhost: '/', exchange: 'orders', routingKey: 'orders.new.asia', mandatory: false });
    expect(e.hops.map((x) => [x.exchange, x.via, x.from])).toEqual([
      ['orders', 'publish', null],
      ['unrouted', 'alternate', 'orders'],
    ]);
    expect(e.hops[0]!.unmatchedText).toBe("No binding of topic exchange 'orders' matched 'orders.new.asia': on to its alternate exchange 'unrouted'.");
    expect(e.summary).toBe("Routed to 1 queue via alternate exchange 'unrouted': lost");
  });

  test('headers in the properties are matched as JSON field values', async () => {
    const h = setup();
    h.broker.execute({ type: 'binding.add', vhost: '/', source: 'amq.headers', destination: 'eu', destinationType: 'queue', routingKey: '', arguments: { 'x-match': 'any', region: 'eu', n: 7 } });
    const e = await h.call('route:explain', { vhost: '/', exchange: 'amq.headers', routingKey: '', properties: { headers: { n: 7 } } });
    expect(e.hops[0]!.bindings.map((b) => [b.matched, b.reason, b.arguments])).toEqual([[true, 'x-match any: n = 7 matches', { 'x-match': 'any', region: 'eu', n: 7 }]]);
  });

  test('invalid payloads are refused naming the field', async () => {
    const h = setup();
    const r = await h.service.invoke('route:explain', { vhost: '/', exchange: 'orders', routingKey: 1 });
    expect(r.ok === false && r.error).toMatchObject({ code: 'bad-request', message: expect.stringContaining("invalid payload for 'route:explain': routingKey") });
    const extra = await h.service.invoke('route:explain', { vhost: '/', exchange: 'orders', routingKey: '', bogus: true });
    expect(extra.ok === false && extra.error.code).toBe('bad-request');
    const size = await h.service.invoke('route:explain', { vhost: '/', exchange: 'orders', routingKey: '', payloadBytes: -1 });
    expect(size.ok === false && size.error.message).toContain('payloadBytes');
  });

  test('needs write permission on the exchange, refused in RabbitMQ words', async () => {
    const h = setup();
    h.broker.execute({ type: 'user.add', name: 'ro', passwordHash: '', tags: ['management'] });
    h.broker.execute({ type: 'permission.set', user: 'ro', vhost: '/', configure: '', write: '^amq\\.fanout$', read: '.*' });
    const r = await h.service.invoke('route:explain', { vhost: '/', exchange: 'orders', routingKey: 'x' }, { user: 'ro' });
    expect(r.ok === false && r.error).toEqual({ code: 'amqp', replyCode: 403, message: "ACCESS_REFUSED - access to exchange 'orders' in vhost '/' refused for user 'ro'" });
    const def = await h.service.invoke('route:explain', { vhost: '/', exchange: '', routingKey: 'eu' }, { user: 'ro' });
    expect(def.ok === false && def.error.message).toBe("ACCESS_REFUSED - access to exchange 'amq.default' in vhost '/' refused for user 'ro'");
    const ok = await h.service.invoke('route:explain', { vhost: '/', exchange: 'amq.fanout', routingKey: 'x' }, { user: 'ro' });
    expect(ok.ok && ok.value.outcome).toBe('returned');
  });

  test('a missing vhost is not-found; a missing exchange is explained as refused', async () => {
    const h = setup();
    const r = await h.service.invoke('route:explain', { vhost: 'nope', exchange: 'orders', routingKey: '' });
    expect(r.ok === false && r.error).toEqual({ code: 'not-found', message: "no vhost 'nope'" });
    const e = await h.call('route:explain', { vhost: '/', exchange: 'ghost', routingKey: '' });
    expect(e).toMatchObject({ outcome: 'refused', refused: { replyCode: 404, text: "NOT_FOUND - no exchange 'ghost' in vhost '/'" } });
  });
});

describe("'queue:publish' with trace", () => {
  test('answers with the explanation of the message it published, which the broker then routed', async () => {
    const h = setup();
    const r = await h.call('queue:publish', { vhost: '/', exchange: 'orders', routingKey: 'orders.new.eu', payload: 'x', trace: true });
    expect(r.routed).toBe(true);
    expect(r.explanation?.queues.map((q) => q.queue)).toEqual(['eu']);
    expect(topologySnapshot(h.broker).queues.find((q) => q.name === 'eu')?.ready).toBe(1);
    const returned = await h.call('queue:publish', { vhost: '/', exchange: '', routingKey: 'nope', payload: 'x', trace: true });
    expect([returned.routed, returned.explanation?.outcome]).toEqual([false, 'returned']);
  });

  test('without trace the answer is as before', async () => {
    const h = setup();
    expect(await h.call('queue:publish', { vhost: '/', exchange: 'orders', routingKey: 'orders.new.eu', payload: 'x' })).toEqual({ routed: true });
  });

  test('binding counters reach the snapshot', async () => {
    const h = setup();
    for (let i = 0; i < 3; i++) await h.call('queue:publish', { vhost: '/', exchange: 'orders', routingKey: 'orders.new.eu', payload: 'x' });
    await h.call('queue:publish', { vhost: '/', exchange: 'orders', routingKey: 'orders.new.asia', payload: 'x' });
    const snap = topologySnapshot(h.broker);
    expect(snap.bindings.map((b) => [b.source, b.destination, b.routed])).toEqual([
      ['orders', 'eu', 3],
      ['unrouted', 'lost', 1],
    ]);
    // Deterministic: the same broker state gives the same snapshot.
    expect(JSON.stringify(topologySnapshot(h.broker))).toBe(JSON.stringify(snap));
  });
});
