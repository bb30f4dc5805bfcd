import { describe, expect, test } from 'vitest';
import { buildFlow } from '../../renderer/src/graph/build-flow.ts';
import type { AppNode } from '../../renderer/src/graph/flow-types.ts';
import { planConnect } from '../../renderer/src/graph/connect-rules.ts';
import { copyClip, pasteClip } from '../../renderer/src/model/clipboard.ts';
import type { GraphDoc } from '../../renderer/src/model/graph-doc.ts';
import { newExchange, newQueue, removeElements, noRemoval, replaceQueue } from '../../renderer/src/model/graph-doc.ts';
import { defaultMeta } from '../../renderer/src/model/scenario-doc.ts';

const doc: GraphDoc = {
  model: {
    vhost: '/',
    exchanges: [newExchange('tasks', 'direct')],
    queues: [newQueue('work', 'classic'), { ...newQueue('work.dlq', 'classic') }],
    bindings: [{ source: 'tasks', destination: 'work', destinationType: 'queue', routingKey: 'work', arguments: {} }],
    policies: [],
    users: [],
  },
  producers: [{ id: 'p', exchange: 'tasks', routingKey: 'work', rate: 5 }],
  consumers: [{ id: 'c', queue: 'work' }],
  meta: defaultMeta(),
};

function flow(d: GraphDoc, prevNodes: AppNode[] = []) {
  return buildFlow({ model: d.model, draftIds: new Set(), errors: {}, producers: d.producers, consumers: d.consumers, issues: {}, realClients: [], prevNodes, hints: {} });
}

describe('the graph model', () => {
  test('draws one node per element and an edge per binding, publish and consume', () => {
    const f = flow(doc);
    expect(f.nodes.map((n) => n.id).sort()).toEqual(['exchange:%2F/tasks', 'queue:%2F/work', 'queue:%2F/work.dlq', 'sim-consumer:c', 'sim-producer:p']);
    expect(f.edges.map((e) => e.type).sort()).toEqual(['binding', 'flow', 'flow']);
    expect(f.laidOut).toBe(true);
  });

  test('keeps positions and unchanged node objects across rebuilds', () => {
    const first = flow(doc).nodes;
    const again = flow(doc, first);
    expect(again.nodes).toEqual(first);
    expect(again.nodes[0]).toBe(first[0]);
    expect(again.laidOut).toBe(false);
  });

  test('draws a dead-letter link from a queue to its dead-letter exchange', () => {
    const d = replaceQueue(doc, 'work', { ...newQueue('work', 'classic'), arguments: { 'x-dead-letter-exchange': 'tasks' } });
    expect(flow(d).edges.find((e) => e.type === 'link')?.data).toMatchObject({ kind: 'dead-letter' });
  });

  test('a renamed queue is followed by its bindings and consumers', () => {
    const d = replaceQueue(doc, 'work', newQueue('jobs', 'classic'));
    expect(d.model.bindings[0]).toMatchObject({ destination: 'jobs', routingKey: 'work' });
    expect(d.consumers[0]!.queue).toBe('jobs');
  });

  test('removing a queue removes its bindings and unlinking a consumer clears its queue', () => {
    const d = removeElements(doc, { ...noRemoval(), queues: ['work'], unlinkConsumers: ['c'] });
    expect(d.model.bindings).toEqual([]);
    expect(d.consumers[0]!.queue).toBeUndefined();
  });

  test('connecting handles binds, sets where a producer publishes, and what a consumer consumes', () => {
    const nodes = flow(doc).nodes;
    const n = (id: string) => nodes.find((x) => x.id === id);
    const bind = planConnect(n('exchange:%2F/tasks'), n('queue:%2F/work.dlq'));
    expect(bind.ok && bind.apply(doc).model.bindings.at(-1)).toEqual({ source: 'tasks', destination: 'work.dlq', destinationType: 'queue', routingKey: 'work.dlq', arguments: {} });
    const pub = planConnect(n('sim-producer:p'), n('queue:%2F/work.dlq'));
    expect(pub.ok && pub.apply(doc).producers[0]).toMatchObject({ exchange: '', routingKey: 'work.dlq' });
    expect(planConnect(n('sim-consumer:c'), n('queue:%2F/work')).ok).toBe(false);
  });

  test('paste gives copies new names and keeps the bindings among them', () => {
    const clip = copyClip(doc, { exchanges: ['tasks'], queues: ['work'], producers: ['p'], consumers: [] });
    const { doc: d, renames } = pasteClip(doc, clip);
    expect(renames.map((r) => r.to)).toEqual(['tasks-copy', 'work-copy', 'p-copy']);
    expect(d.model.bindings.at(-1)).toMatchObject({ source: 'tasks-copy', destination: 'work-copy' });
    expect(d.producers.at(-1)).toMatchObject({ id: 'p-copy', exchange: 'tasks-copy' });
  });
});
