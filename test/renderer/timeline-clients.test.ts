import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseScenario } from '../../engine/sim/scenario/load.ts';
import { buildFlow } from '../../renderer/src/graph/build-flow.ts';
import type { GraphDoc } from '../../renderer/src/model/graph-doc.ts';
import { clientIds, noRemoval, removeElements, replaceConsumer, replaceProducer } from '../../renderer/src/model/graph-doc.ts';
import { clientsOf, compileScenario, metaOf, scenarioModel } from '../../renderer/src/model/scenario-doc.ts';
import type { ConsumerDraft } from '../../renderer/src/model/scenario-doc.ts';
import { timelineClients } from '../../renderer/src/model/timeline-clients.ts';

/** An example scenario as the studio holds it. */
function docOf(file: string): GraphDoc {
  const raw = JSON.parse(readFileSync(new URL(`../../engine/sim/examples/${file}`, import.meta.url), 'utf8')) as Record<string, unknown>;
  const parsed = parseScenario(raw);
  if (!parsed.ok) throw new Error(`${file} does not parse`);
  return { model: scenarioModel(parsed.scenario, '/'), ...clientsOf(raw), meta: metaOf(raw) };
}

/** The doc as a scenario file, through the simulator's own validation. */
function reparse(d: GraphDoc) {
  return parseScenario(compileScenario(d.meta, d.model, d.producers, d.consumers));
}

function flowOf(d: GraphDoc) {
  const t = timelineClients(d);
  return buildFlow({ model: d.model, draftIds: new Set(), errors: {}, producers: [...d.producers, ...t.producers], consumers: [...d.consumers, ...t.consumers], schedule: t.schedule, issues: {}, realClients: [], prevNodes: [], hints: {} });
}

/** A small scenario whose timeline adds a producer and a consumer, changes a rate and removes the scenario's own consumer. */
function scheduledDoc(): GraphDoc {
  const d = docOf('lab-slow-consumer.json');
  return {
    ...d,
    meta: {
      ...d.meta,
      timeline: [
        ...d.meta.timeline,
        { at: 5000, action: 'addProducer', producer: { id: 'burst', routingKey: 'events', rate: 50 } },
        { at: '10s', action: 'setRate', producer: 'burst', rate: 10 },
        { at: '30s', action: 'removeConsumer', consumer: 'slow' },
        { at: '35s', action: 'killConsumer', consumer: 'helper' },
      ],
    } as GraphDoc['meta'],
  };
}

describe('clients the scenario timeline adds', () => {
  test('the slow-consumer lab draws its helper, joining at 20s, consuming from events', () => {
    const d = docOf('lab-slow-consumer.json');
    const t = timelineClients(d);
    expect(t.consumers.map((c) => c.id)).toEqual(['helper']);
    expect(t.schedule['helper']).toEqual({ joins: '20s' });
    const f = flowOf(d);
    const helper = f.nodes.find((n) => n.id === 'sim-consumer:helper');
    expect(helper?.data).toMatchObject({ kind: 'consumer', schedule: { joins: '20s' } });
    expect(helper?.ariaLabel).toContain('joins at 20s');
    expect(f.edges.find((e) => e.id === 'consume:helper')).toMatchObject({ source: 'queue:%2F/events', target: 'sim-consumer:helper' });
    // The scenario's own clients carry no schedule unless the timeline removes them.
    expect(f.nodes.find((n) => n.id === 'sim-consumer:slow')?.data).toMatchObject({ schedule: null });
  });

  test('numbers of milliseconds read as durations; a removal marks when the scenario client leaves', () => {
    const t = timelineClients(scheduledDoc());
    expect(t.producers.map((p) => p.id)).toEqual(['burst']);
    expect(t.schedule['burst']).toEqual({ joins: '5s' });
    expect(t.schedule['slow']).toEqual({ leaves: '30s' });
  });

  test('editing a timeline client edits its add event, and a rename follows every event naming it', () => {
    const d = scheduledDoc();
    const helper = timelineClients(d).consumers[0] as ConsumerDraft;
    const next = replaceConsumer(d, 'helper', { ...helper, id: 'helper-2', prefetch: 50 });
    expect(next.consumers).toEqual(d.consumers);
    expect(next.meta.timeline).toContainEqual({ at: '20s', action: 'addConsumer', consumer: { ...helper, id: 'helper-2', prefetch: 50 } });
    expect(next.meta.timeline).toContainEqual({ at: '35s', action: 'killConsumer', consumer: 'helper-2' });
    // The lab asserts on the helper's count: the assertion follows the rename.
    expect(next.meta.assertions).toContainEqual(expect.objectContaining({ type: 'count', scope: { consumer: 'helper-2' } }));
    expect(reparse(next).ok).toBe(true);

    const renamed = replaceProducer(d, 'burst', { id: 'spike', routingKey: 'events', rate: 50 });
    expect(renamed.meta.timeline).toContainEqual({ at: '10s', action: 'setRate', producer: 'spike', rate: 10 });
    expect(reparse(renamed).ok).toBe(true);
  });

  test("deleting a timeline client deletes its events; deleting a scenario client deletes the events naming it, so the scenario still loads", () => {
    const d = scheduledDoc();
    expect(reparse(d).ok).toBe(true);
    const noBurst = removeElements(d, { ...noRemoval(), producers: ['burst'] });
    expect(noBurst.meta.timeline.map((e) => e.action)).toEqual(['addConsumer', 'removeConsumer', 'killConsumer']);
    expect(timelineClients(noBurst).producers).toEqual([]);
    expect(reparse(noBurst).ok).toBe(true);

    // The helper is in an assertion (its count): the assertion goes with it, the others stay.
    const noHelper = removeElements(d, { ...noRemoval(), consumers: ['helper'] });
    expect(noHelper.meta.assertions.map((a) => a.type)).toEqual(['latency', 'queueDepth', 'noMessageLost']);
    expect(noHelper.meta.timeline.some((e) => JSON.stringify(e).includes('helper'))).toBe(false);
    expect(reparse(noHelper).ok).toBe(true);

    const noSlow = removeElements(d, { ...noRemoval(), consumers: ['slow'] });
    expect(noSlow.consumers.map((c) => c.id)).toEqual([]);
    expect(noSlow.meta.timeline.some((e) => e.action === 'removeConsumer')).toBe(false);
    expect(reparse(noSlow).ok).toBe(true);
  });

  test('unlinking a timeline consumer from its queue unlinks it in its event', () => {
    const d = scheduledDoc();
    const next = removeElements(d, { ...noRemoval(), unlinkConsumers: ['helper'] });
    const add = next.meta.timeline.find((e) => e.action === 'addConsumer');
    expect(add && 'consumer' in add && typeof add.consumer === 'object' ? add.consumer.queue : 'missing').toBeUndefined();
  });

  test('new clients do not take an id the timeline uses', () => {
    expect(clientIds(scheduledDoc())).toEqual(expect.arrayContaining(['p', 'slow', 'helper', 'burst']));
  });
});
