import { describe, expect, test } from 'vitest';
import { Broker } from '../../engine/core/broker.ts';
import { VirtualScheduler } from '../../engine/core/clock.ts';
import type { Command } from '../../engine/core/commands.ts';
import type { HostSnapshot, InvokeChannel, InvokeRequest, InvokeResponses } from '../../engine/host/contract.ts';
import { HostService } from '../../engine/host/host-service.ts';
import { alternateEdgeId, traceFromExplanation } from '../../renderer/src/model/trace-view.ts';
import { bindingKey, exchangeId, modelFromSnapshot, queueId } from '../../renderer/src/model/topology-model.ts';
import { createLiveStore } from '../../renderer/src/stores/live-store.ts';

/** A real broker behind a host: the trace is laid out from the engine's own answer. */
function setup() {
  const scheduler = new VirtualScheduler(1_000);
  const broker = new Broker({ scheduler });
  const service = new HostService({ broker, mode: 'web' });
  const call = async <C extends InvokeChannel>(channel: C, payload: InvokeRequest<C>): Promise<InvokeResponses[C]> => {
    const r = await service.invoke(channel, payload);
    if (!r.ok) throw new Error(r.error.message);
    return r.value as InvokeResponses[C];
  };
  const x = (name: string, type: string, args = {}, internal = false): Command => ({ type: 'exchange.declare', vhost: '/', name, exchangeType: type, durable: true, autoDelete: false, internal, arguments: args });
  const q = (name: string): Command => ({ type: 'queue.declare', vhost: '/', name, durable: true, exclusive: false, autoDelete: false, arguments: {} });
  const b = (source: string, destination: string, routingKey: string, destinationType: 'queue' | 'exchange' = 'queue'): Command => ({ type: 'binding.add', vhost: '/', source, destination, destinationType, routingKey, arguments: {} });
  for (const c of [
    x('unrouted', 'fanout'),
    x('orders', 'topic', { 'alternate-exchange': 'unrouted' }),
    x('audit', 'fanout', {}, true),
    q('eu'),
    q('us'),
    q('lost'),
    q('audit-log'),
    b('orders', 'eu', 'orders.*.eu'),
    b('orders', 'us', 'orders.*.us'),
    b('orders', 'audit', 'orders.#', 'exchange'),
    b('audit', 'audit-log', ''),
    b('unrouted', 'lost', ''),
  ]) broker.execute(c);
  return { broker, scheduler, service, call };
}

describe('the trace shown from the engine explanation', () => {
  test('highlights the edges and nodes the graph draws for the path, in the engine words', async () => {
    const h = setup();
    const model = modelFromSnapshot(h.service.snapshot().topology, '/');
    const t = traceFromExplanation(await h.call('route:explain', { vhost: '/', exchange: 'orders', routingKey: 'orders.new.eu' }));
    const edge = (source: string, destination: string) => bindingKey(model.bindings.find((m) => m.source === source && m.destination === destination)!);
    expect(t.edgeIds.sort()).toEqual([edge('orders', 'audit'), edge('orders', 'eu'), edge('audit', 'audit-log')].sort());
    expect(t.nodeIds.sort()).toEqual([exchangeId('/', 'orders'), exchangeId('/', 'audit'), queueId('/', 'eu'), queueId('/', 'audit-log')].sort());
    expect(t.steps.map((s) => `${s.kind}: ${s.text}`)).toEqual([
      "publish: Published to topic exchange 'orders' with routing key 'orders.new.eu'.",
      "match: Binding 'orders.#' → exchange 'audit': 'orders.new.eu' matches pattern 'orders.#'.",
      "match: Binding 'orders.*.eu' → queue 'eu': 'orders.new.eu' matches pattern 'orders.*.eu'.",
      "more: 1 other binding of 'orders' did not match",
      "hop: Reached fanout exchange 'audit' (internal) through a binding of 'orders'.",
      "match: Binding to queue 'audit-log': fanout: every binding matches, the routing key is ignored.",
      "deliver: Enqueued on 'eu' (0 messages ready, 0 consumers).",
      "deliver: Enqueued on 'audit-log' (0 messages ready, 0 consumers).",
    ]);
    expect(t.summary).toBe('Routed to 2 queues: eu, audit-log');
    // The misses beside a match are folded under it.
    expect(t.steps.find((s) => s.kind === 'more')?.details).toEqual([
      "Binding 'orders.*.us' → queue 'us': 'orders.new.eu' does not match pattern 'orders.*.us': word 3 is 'eu', the pattern wants 'us'.",
    ]);
  });

  test('an alternate exchange lights its dashed link; unroutable and refused say so', async () => {
    const h = setup();
    h.broker.execute({ type: 'binding.remove', vhost: '/', source: 'orders', destination: 'audit', destinationType: 'exchange', routingKey: 'orders.#', arguments: {} });
    const ae = traceFromExplanation(await h.call('route:explain', { vhost: '/', exchange: 'orders', routingKey: 'orders.new.asia' }));
    expect(ae.edgeIds).toContain(alternateEdgeId('orders'));
    // Where nothing matched, the misses are the reason: shown, not folded.
    expect(ae.steps.filter((s) => s.kind === 'no-match').map((s) => s.text)).toEqual([
      "Binding 'orders.*.eu' → queue 'eu': 'orders.new.asia' does not match pattern 'orders.*.eu': word 3 is 'asia', the pattern wants 'eu'.",
      "Binding 'orders.*.us' → queue 'us': 'orders.new.asia' does not match pattern 'orders.*.us': word 3 is 'asia', the pattern wants 'us'.",
      "No binding of topic exchange 'orders' matched 'orders.new.asia': on to its alternate exchange 'unrouted'.",
    ]);
    expect(ae.steps.find((s) => s.kind === 'alternate')?.text).toBe("Sent to fanout exchange 'unrouted', the alternate exchange of 'orders', which matched nothing.");
    const none = traceFromExplanation(await h.call('route:explain', { vhost: '/', exchange: '', routingKey: 'nope' }));
    expect([none.outcome, none.summary, none.steps.at(-1)?.text]).toEqual([
      'returned',
      "Unroutable (there is no queue 'nope'): returned to the publisher with 312 NO_ROUTE (mandatory).",
      "The default exchange routes to the queue named by the routing key, and there is no queue 'nope'.",
    ]);
    const refused = traceFromExplanation(await h.call('route:explain', { vhost: '/', exchange: 'audit', routingKey: '' }));
    expect(refused.steps).toEqual([{ kind: 'refused', text: "ACCESS_REFUSED - cannot publish to internal exchange 'audit' in vhost '/'" }]);
  });
});

describe('binding rates', () => {
  test('each binding edge gets the rate of its own counter', async () => {
    const h = setup();
    const live = createLiveStore();
    const push = (): HostSnapshot => h.service.snapshot();
    live.getState().ingestSnapshot(push(), '/');
    for (let i = 0; i < 4; i++) await h.call('queue:publish', { vhost: '/', exchange: 'orders', routingKey: 'orders.new.eu', payload: 'x' });
    await h.call('queue:publish', { vhost: '/', exchange: 'orders', routingKey: 'orders.new.us', payload: 'x' });
    h.scheduler.advance(2_000);
    live.getState().ingestSnapshot(push(), '/');
    const model = modelFromSnapshot(h.service.snapshot().topology, '/');
    const rate = (source: string, destination: string) => live.getState().bindingRates[bindingKey(model.bindings.find((m) => m.source === source && m.destination === destination)!)];
    expect([rate('orders', 'eu'), rate('orders', 'us'), rate('orders', 'audit'), rate('unrouted', 'lost')]).toEqual([2, 0.5, 2.5, 0]);
  });
});
