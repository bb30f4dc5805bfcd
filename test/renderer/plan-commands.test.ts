import { describe, expect, test } from 'vitest';
import { applyToModel, planCommands } from '../../renderer/src/model/plan-commands.ts';
import type { TopologyModel } from '../../renderer/src/model/topology-model.ts';
import { dryRun } from '../../renderer/src/model/dry-run.ts';

const base: TopologyModel = {
  vhost: '/',
  exchanges: [
    { name: 'amq.direct', type: 'direct', durable: true, autoDelete: false, internal: false, arguments: {}, builtIn: true },
    { name: 'orders', type: 'topic', durable: true, autoDelete: false, internal: false, arguments: {}, builtIn: false },
  ],
  queues: [{ name: 'eu', durable: true, autoDelete: false, exclusive: false, arguments: {} }],
  bindings: [{ source: 'orders', destination: 'eu', destinationType: 'queue', routingKey: 'orders.*.eu', arguments: {} }],
  policies: [],
  users: [],
};

describe('planCommands', () => {
  test('declares what is new, in an order the broker accepts', () => {
    const to: TopologyModel = { ...base, queues: [...base.queues, { name: 'us', durable: true, autoDelete: false, exclusive: false, arguments: {} }], bindings: [...base.bindings, { source: 'orders', destination: 'us', destinationType: 'queue', routingKey: 'orders.*.us', arguments: {} }] };
    expect(planCommands(base, to).map((c) => c.type)).toEqual(['queue.declare', 'binding.add']);
  });

  test('recreates a changed queue and restores the bindings it loses', () => {
    const to: TopologyModel = { ...base, queues: [{ ...base.queues[0]!, arguments: { 'x-max-length': 10 } }] };
    const cmds = planCommands(base, to);
    expect(cmds.map((c) => c.type)).toEqual(['queue.delete', 'queue.declare', 'binding.add']);
  });

  test('deleting an exchange leaves its bindings for the broker to drop', () => {
    const to: TopologyModel = { ...base, exchanges: base.exchanges.filter((x) => x.name !== 'orders'), bindings: [] };
    expect(planCommands(base, to)).toEqual([{ type: 'exchange.delete', vhost: '/', name: 'orders' }]);
  });

  test('never touches built-in exchanges or exclusive queues', () => {
    const withExclusive: TopologyModel = { ...base, queues: [...base.queues, { name: 'amq.gen-1', durable: false, autoDelete: true, exclusive: true, arguments: {} }] };
    const to: TopologyModel = { ...base, exchanges: base.exchanges.filter((x) => !x.builtIn) };
    expect(planCommands(withExclusive, to)).toEqual([]);
  });

  test('a plan applied to the model gives the target', () => {
    const to: TopologyModel = { ...base, queues: [{ ...base.queues[0]!, name: 'europe' }], bindings: [{ ...base.bindings[0]!, destination: 'europe' }] };
    const after = planCommands(base, to).reduce(applyToModel, base);
    expect(after.queues.map((q) => q.name)).toEqual(['europe']);
    expect(after.bindings).toEqual(to.bindings);
  });
});

describe('dryRun', () => {
  test('answers with RabbitMQ\'s own words for a bad argument', () => {
    const to: TopologyModel = { ...base, queues: [{ ...base.queues[0]!, arguments: { 'x-max-length': -1 } }] };
    expect(dryRun(base, to).get('queue:%2F/eu')).toBe("PRECONDITION_FAILED - invalid arg 'x-max-length' for queue 'eu' in vhost '/': {value_negative,-1}");
  });

  test('refuses a binding to a queue that does not exist', () => {
    const to: TopologyModel = { ...base, bindings: [...base.bindings, { source: 'orders', destination: 'nowhere', destinationType: 'queue', routingKey: '#', arguments: {} }] };
    expect([...dryRun(base, to).values()]).toEqual(["NOT_FOUND - no queue 'nowhere' in vhost '/'"]);
  });

  test('is empty when the engine accepts the edit', () => {
    expect(dryRun(base, { ...base, queues: [{ ...base.queues[0]!, arguments: { 'x-queue-type': 'quorum' } }] }).size).toBe(0);
  });
});
