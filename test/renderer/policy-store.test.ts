import { describe, expect, test } from 'vitest';
import { Broker } from '../../engine/core/broker.ts';
import { VirtualScheduler } from '../../engine/core/clock.ts';
import type { HostApi } from '../../engine/host/contract.ts';
import { HostService } from '../../engine/host/host-service.ts';
import { topologySnapshot } from '../../engine/host/topology-snapshot.ts';
import { fromHostApi } from '../../renderer/src/client/engine-client.ts';
import type { PolicyModel } from '../../renderer/src/model/policy-model.ts';
import { policyId } from '../../renderer/src/model/policy-model.ts';
import { createGraphStore } from '../../renderer/src/stores/graph-store.ts';

const wire = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The studio's graph store on a real host and broker, talking JSON as the WebSocket does. */
function setup() {
  const broker = new Broker({ scheduler: new VirtualScheduler(0) });
  const service = new HostService({ broker, mode: 'web' });
  const api: HostApi = { invoke: (channel, payload) => service.invoke(channel, wire(payload)).then(wire), on: () => () => undefined };
  const client = fromHostApi(api, 'websocket', { onLinkState: () => () => undefined, close: () => undefined });
  const store = createGraphStore({ client, log: () => undefined });
  for (const name of ['orders', 'audit']) broker.execute({ type: 'queue.declare', vhost: '/', name, durable: true, exclusive: false, autoDelete: false, arguments: {} });
  store.getState().ingestTopology(wire(topologySnapshot(broker)));
  const withPolicies = (policies: PolicyModel[]) => {
    const d = store.getState().doc;
    return { ...d, model: { ...d.model, policies } };
  };
  const policyOf = (queue: string): string | undefined => store.getState().doc.model.queues.find((q) => q.name === queue)?.policy;
  return { broker, store, withPolicies, policyOf };
}

const cap: PolicyModel = { name: 'cap', pattern: '^orders', applyTo: 'queues', priority: 0, definition: { 'max-length': 2 } };

describe('policy edits through the graph store', () => {
  test('add, edit and delete are engine commands, each one undo step', async () => {
    const { broker, store, withPolicies, policyOf } = setup();
    const policies = () => broker.vhosts.get('/')!.policies;
    expect(await store.getState().commit('add policy', withPolicies([cap]))).toBe(true);
    expect(policies().get('cap')?.definition).toEqual({ 'max-length': 2 });
    expect(policyOf('orders')).toBe('cap');
    expect(policyOf('audit')).toBeUndefined();

    expect(await store.getState().commit('edit policy', withPolicies([{ ...cap, pattern: '^audit' }]))).toBe(true);
    expect(policies().get('cap')?.pattern).toBe('^audit');
    expect([policyOf('orders'), policyOf('audit')]).toEqual([undefined, 'cap']);

    expect(await store.getState().commit('delete policy', withPolicies([]))).toBe(true);
    expect(policies().size).toBe(0);

    await store.getState().undo();
    expect(policies().get('cap')?.pattern).toBe('^audit');
    await store.getState().undo();
    expect(policies().get('cap')?.pattern).toBe('^orders');
    expect(policyOf('orders')).toBe('cap');
    await store.getState().undo();
    expect(policies().size).toBe(0);
    expect(policyOf('orders')).toBeUndefined();
    await store.getState().redo();
    expect(policies().get('cap')?.pattern).toBe('^orders');
    // The broker's queue really has the limit: a redo is a real policy.set.
    expect(broker.vhosts.get('/')!.queues.get('orders')!.settings.maxLength).toBe(2);
  });

  test('a policy the broker refuses is not applied: its error is kept under its id, in the broker\'s words', async () => {
    const { broker, store, withPolicies } = setup();
    await store.getState().commit('add policy', withPolicies([cap]));
    const bad: PolicyModel = { ...cap, name: 'bad', pattern: '^orders(' };
    expect(await store.getState().commit('add policy', withPolicies([cap, bad]))).toBe(false);
    expect(store.getState().errors[policyId('/', 'bad')]).toMatch(/^PRECONDITION_FAILED - pattern should be regular expression but is invalid: /);
    expect(store.getState().doc.model.policies.map((p) => p.name)).toEqual(['cap']);
    expect([...broker.vhosts.get('/')!.policies.keys()]).toEqual(['cap']);
  });
});
