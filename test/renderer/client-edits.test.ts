import { describe, expect, test } from 'vitest';
import { clientEdits, startingAt } from '../../renderer/src/model/client-edits.ts';
import type { GraphDoc } from '../../renderer/src/model/graph-doc.ts';
import { defaultMeta } from '../../renderer/src/model/scenario-doc.ts';
import type { ConsumerDraft, ProducerDraft } from '../../renderer/src/model/scenario-doc.ts';
import { emptyModel } from '../../renderer/src/model/topology-model.ts';

const doc = (producers: ProducerDraft[], consumers: ConsumerDraft[]): GraphDoc => ({ model: emptyModel('/'), producers, consumers, meta: defaultMeta() });
const p = { id: 'p', routingKey: 'q', rate: 5 };
const c = { id: 'c', queue: 'q', prefetch: 10 };

describe('graph edits as live simulator edits', () => {
  test('added, removed and changed clients become adds, removes and replaces, removals first', () => {
    const before = doc([p], [c]);
    const after = doc([{ ...p, size: 100 }], [{ id: 'c2', queue: 'q' }]);
    expect(clientEdits(before, after)).toEqual([
      { action: 'removeConsumer', consumer: 'c' },
      { action: 'replaceProducer', producer: 'p', with: { ...p, size: 100, vhost: '/' } },
      { action: 'addConsumer', consumer: { id: 'c2', queue: 'q', vhost: '/' } },
    ]);
  });

  test('a rate alone changes in place; an unchanged or equivalent client sends nothing', () => {
    expect(clientEdits(doc([p], []), doc([{ ...p, rate: { type: 'constant', perSecond: 20 } }], []))).toEqual([
      { action: 'setRate', producer: 'p', rate: { type: 'constant', perSecond: 20 } },
    ]);
    // 5 and {type: constant, perSecond: 5} are the same rate; a default spelled out is no change.
    expect(clientEdits(doc([p], [c]), doc([{ ...p, rate: { type: 'constant', perSecond: 5 } }], [{ ...c, count: 1 }]))).toEqual([]);
  });

  test('a consumer the simulator would refuse (not connected to a queue) counts as absent', () => {
    const unlinked = { id: 'c', prefetch: 10 };
    expect(clientEdits(doc([], []), doc([], [unlinked]))).toEqual([]);
    expect(clientEdits(doc([], [unlinked]), doc([], [c]))).toEqual([{ action: 'addConsumer', consumer: { ...c, vhost: '/' } }]);
    expect(clientEdits(doc([], [c]), doc([], [unlinked]))).toEqual([{ action: 'removeConsumer', consumer: 'c' }]);
  });

  test('clients added during a run start, in the scenario, when they were added', () => {
    const drafts: ConsumerDraft[] = [c, { ...c, id: 'd' }, { ...c, id: 'e', startAt: '2s' }];
    const out = startingAt(drafts, new Set(['c', 'e']), 4321.7);
    expect(out.map((x) => x.startAt)).toEqual([4322, undefined, '2s']);
  });
});
