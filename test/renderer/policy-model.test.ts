import { describe, expect, test } from 'vitest';
import { Broker } from '../../engine/core/broker.ts';
import { VirtualScheduler } from '../../engine/core/clock.ts';
import type { Command } from '../../engine/core/commands.ts';
import { topologySnapshot } from '../../engine/host/topology-snapshot.ts';
import { exportDefinitions } from '../../engine/sim/definitions/export.ts';
import { checkScenario } from '../../engine/sim/scenario/check.ts';
import { parseScenario } from '../../engine/sim/scenario/load.ts';
import { buildFlow } from '../../renderer/src/graph/build-flow.ts';
import { dryRun } from '../../renderer/src/model/dry-run.ts';
import { applyToModel, planCommands } from '../../renderer/src/model/plan-commands.ts';
import type { PolicyModel } from '../../renderer/src/model/policy-model.ts';
import { policyId, policyTargets, queueSettingSources } from '../../renderer/src/model/policy-model.ts';
import { compileScenario, defaultMeta, scenarioModel } from '../../renderer/src/model/scenario-doc.ts';
import type { QueueModel, TopologyModel } from '../../renderer/src/model/topology-model.ts';
import { emptyModel, modelFromSnapshot } from '../../renderer/src/model/topology-model.ts';

const queue = (name: string, args: QueueModel['arguments'] = {}): QueueModel => ({ name, durable: true, autoDelete: false, exclusive: false, arguments: args });
const policy = (name: string, definition: PolicyModel['definition'], more: Partial<PolicyModel> = {}): PolicyModel => ({ name, pattern: '^orders', applyTo: 'queues', priority: 0, definition, ...more });

const base: TopologyModel = { ...emptyModel('/'), queues: [queue('orders'), queue('orders.eu', { 'x-max-length': 1 }), queue('audit')] };

describe('policies in the studio model', () => {
  test('planning sets new and changed policies after the declarations and clears the ones gone', () => {
    const withNew = { ...base, queues: [...base.queues, queue('orders.us')], policies: [policy('cap', { 'max-length': 2 })] };
    expect(planCommands(base, withNew).map((c) => c.type)).toEqual(['queue.declare', 'policy.set']);
    expect(planCommands(withNew, withNew)).toEqual([]);

    const changed = { ...withNew, policies: [policy('cap', { 'max-length': 5 })] };
    expect(planCommands(withNew, changed)).toEqual([{ type: 'policy.set', vhost: '/', name: 'cap', pattern: '^orders', applyTo: 'queues', priority: 0, definition: { 'max-length': 5 } }]);

    // A rename is the new name set, then the old one cleared; the queues are never redeclared.
    const renamed = { ...withNew, policies: [policy('limit', { 'max-length': 2 })] };
    expect(planCommands(withNew, renamed).map((c) => [c.type, 'name' in c ? c.name : ''])).toEqual([
      ['policy.set', 'limit'],
      ['policy.clear', 'cap'],
    ]);
    expect(planCommands(withNew, { ...withNew, policies: [] })).toEqual([{ type: 'policy.clear', vhost: '/', name: 'cap' }]);
  });

  test('after a command the model shows which queues and exchanges each policy is in effect on, by the engine\'s rule', () => {
    let m = applyToModel(base, { type: 'policy.set', vhost: '/', name: 'cap', pattern: '^orders', applyTo: 'queues', priority: 0, definition: { 'max-length': 2 } });
    expect(policyTargets(m, 'cap')).toEqual({ queues: ['orders', 'orders.eu'], exchanges: [] });
    // A higher priority wins where both match.
    m = applyToModel(m, { type: 'policy.set', vhost: '/', name: 'eu', pattern: '\\.eu$', applyTo: 'all', priority: 5, definition: { 'message-ttl': 1000 } });
    expect(policyTargets(m, 'cap').queues).toEqual(['orders']);
    expect(policyTargets(m, 'eu').queues).toEqual(['orders.eu']);
    expect(m.policies.map((p) => p.name)).toEqual(['eu', 'cap']);
    // A queue declared later picks its policy up; clearing takes it off.
    m = applyToModel(m, { type: 'queue.declare', vhost: '/', name: 'orders.us', durable: true, exclusive: false, autoDelete: false, arguments: {} });
    expect(policyTargets(m, 'cap').queues).toEqual(['orders', 'orders.us']);
    m = applyToModel(m, { type: 'policy.clear', vhost: '/', name: 'cap' });
    expect(m.queues.filter((q) => q.policy !== undefined).map((q) => q.name)).toEqual(['orders.eu']);
  });

  test('a refused policy is reported under its id with the text rabbitmqctl set_policy prints', () => {
    const bad = dryRun(base, { ...base, policies: [policy('cap', { 'max-length': 2 }, { pattern: '^orders(' })] });
    expect(bad.get(policyId('/', 'cap'))).toMatch(/^PRECONDITION_FAILED - pattern should be regular expression but is invalid: /);
    expect(dryRun(base, { ...base, policies: [policy('cap', {})] }).get(policyId('/', 'cap'))).toBe('PRECONDITION_FAILED - no policy provided');
    expect(dryRun(base, { ...base, policies: [policy('cap', { 'max-length': -1 })] }).get(policyId('/', 'cap'))).toBe('PRECONDITION_FAILED - -1 is not a valid maximum length');
    expect(dryRun(base, { ...base, policies: [policy('cap', { 'max-length': 2 })] }).size).toBe(0);
  });

  test('the inspector\'s sources: an argument beats the policy, except the limits where the lower wins', () => {
    const q = queue('orders', { 'x-max-length': 10, 'x-message-ttl': 500, 'x-overflow': 'reject-publish' });
    const p = policy('cap', { 'max-length': 2, 'message-ttl': 9000, overflow: 'drop-head', 'dead-letter-exchange': 'dlx', 'delivery-limit': 3 });
    const rows = queueSettingSources('/', q, p);
    expect(rows.map((r) => [r.key, r.effective, r.source])).toEqual([
      ['message-ttl', 500, 'argument (lower)'],
      ['max-length', 2, 'policy (lower)'],
      ['overflow', 'reject-publish', 'argument'],
      ['dead-letter-exchange', 'dlx', 'policy'],
      // A delivery limit is a quorum queue's setting: a classic queue ignores it.
      ['delivery-limit', undefined, 'unused'],
    ]);
    expect(queueSettingSources('/', q, undefined).map((r) => r.source)).toEqual(['argument', 'argument', 'argument']);
  });

  test('the graph draws a policy\'s dead-letter exchange and alternate exchange like an argument\'s, labelled as the policy\'s', () => {
    const xs = ['dlx', 'in', 'spill'].map((name) => ({ name, type: 'fanout', durable: true, autoDelete: false, internal: false, arguments: {}, builtIn: false }));
    let m: TopologyModel = { ...base, exchanges: xs, queues: [...base.queues, queue('orders.own', { 'x-dead-letter-exchange': 'spill' })] };
    m = applyToModel(m, { type: 'policy.set', vhost: '/', name: 'dl', pattern: '^orders', applyTo: 'all', priority: 0, definition: { 'dead-letter-exchange': 'dlx', 'dead-letter-routing-key': 'dead' } });
    m = applyToModel(m, { type: 'policy.set', vhost: '/', name: 'ae', pattern: '^in$', applyTo: 'exchanges', priority: 1, definition: { 'alternate-exchange': 'spill' } });
    const flow = buildFlow({ model: m, draftIds: new Set(), errors: {}, producers: [], consumers: [], issues: {}, realClients: [], prevNodes: [], hints: {} });
    const links = flow.edges.filter((e) => e.data?.kind === 'dead-letter' || e.data?.kind === 'alternate').map((e) => [e.source, e.target, e.data && 'label' in e.data ? e.data.label : '']);
    expect(links).toEqual([
      ['queue:%2F/orders', 'exchange:%2F/dlx', 'dead-letter (policy) · dead'],
      ['queue:%2F/orders.eu', 'exchange:%2F/dlx', 'dead-letter (policy) · dead'],
      // Its own argument wins over the policy's exchange; the policy still gives the routing key.
      ['queue:%2F/orders.own', 'exchange:%2F/spill', 'dead-letter · dead'],
      ['exchange:%2F/in', 'exchange:%2F/spill', 'alternate (policy)'],
    ]);
    const queueNode = flow.nodes.find((n) => n.id === 'queue:%2F/audit');
    expect(queueNode?.data.kind === 'queue' && queueNode.data.deadLetters).toBe(false);
  });

  test('a policy made in the studio is saved with the scenario and the broker exports it in definitions.json', () => {
    const model: TopologyModel = { ...base, policies: [policy('cap', { 'max-length': 2, 'ha-mode': 'all' }, { priority: 3 })] };
    const file = compileScenario(defaultMeta(), model, [], []);
    const parsed = parseScenario(JSON.parse(JSON.stringify(file)));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(checkScenario(parsed.scenario)).toEqual([]);
    expect(scenarioModel(parsed.scenario, '/').policies).toEqual(model.policies);

    // The same commands the studio sends, on a real engine: its snapshot reads back as the model, and its export lists the policy.
    const b = new Broker({ scheduler: new VirtualScheduler(0), defaultUser: false });
    for (const c of planCommands(emptyModel('/'), model)) b.execute(c as Command);
    const back = modelFromSnapshot(topologySnapshot(b), '/');
    expect(planCommands(back, model)).toEqual([]);
    expect(policyTargets(back, 'cap').queues).toEqual(['orders', 'orders.eu']);
    const defs = exportDefinitions(b);
    expect(defs['policies']).toEqual([{ vhost: '/', name: 'cap', pattern: '^orders', 'apply-to': 'queues', definition: { 'max-length': 2, 'ha-mode': 'all' }, priority: 3 }]);
  });

  test('a scenario whose policy the broker would refuse names its path', () => {
    const file = compileScenario(defaultMeta(), { ...base, policies: [policy('cap', { 'max-length': 'two' })] }, [], []);
    const parsed = parseScenario(file);
    expect(parsed.ok ? [] : parsed.issues).toEqual([{ path: 'topology.policies[0]', message: 'PRECONDITION_FAILED - <<"two">> is not a valid maximum length' }]);
  });
});
