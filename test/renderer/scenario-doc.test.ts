import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseScenario } from '../../engine/sim/scenario/load.ts';
import { clientsOf, compileScenario, metaOf, scenarioModel, scenarioVhost } from '../../renderer/src/model/scenario-doc.ts';
import { NO_SIM_STATUS } from '../../engine/host/contract.ts';
import { assertionRows, summarize } from '../../renderer/src/model/assertion-rows.ts';

const dir = join(import.meta.dirname, '../../engine/sim/examples');
const examples = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('scenario documents', () => {
  test.each(examples)('%s survives opening in the graph and compiling back', (file) => {
    const raw = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
    const parsed = parseScenario(raw);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const vhost = scenarioVhost(parsed.scenario);
    const { producers, consumers } = clientsOf(raw);
    const again = parseScenario(compileScenario(metaOf(raw), scenarioModel(parsed.scenario, vhost), producers, consumers));
    expect(again.ok ? [] : again.issues).toEqual([]);
    if (!again.ok) return;
    expect(again.scenario.producers).toEqual(parsed.scenario.producers);
    expect(again.scenario.consumers).toEqual(parsed.scenario.consumers);
    expect(again.scenario.topology.queues).toEqual(parsed.scenario.topology.queues.filter((q) => q.vhost === vhost));
  });

  test('before a run, assertions wait for it with the labels the report uses; an invalid one says why', () => {
    const meta = metaOf({ assertions: [{ type: 'noMessageLost' }, { type: 'count', metric: 'ack', min: 1 }, { type: 'count', metric: 'ack' }] });
    const rows = assertionRows(meta, NO_SIM_STATUS, false);
    expect(rows.map((a) => [a.state, a.label])).toEqual([
      ['pending', 'no message lost'],
      ['pending', 'ack >= 1'],
      ['failing', 'assertion 3 is invalid'],
    ]);
    expect(rows[2]!.detail).toContain('min, max or equals');
    expect(summarize(rows, false)).toEqual({ passing: 0, failing: 1, pending: 2, verdict: null });
  });

  test('a loaded run shows the simulator\'s own verdicts unless the graph changed since', () => {
    const meta = metaOf({ assertions: [{ type: 'count', metric: 'ack', min: 1 }] });
    const judged = { index: 0, type: 'count' as const, label: 'ack >= 1', state: 'passing' as const, actual: 5, final: true };
    const sim = { ...NO_SIM_STATUS, available: true, loaded: true, finished: true, assertions: [judged] };
    expect(assertionRows(meta, sim, false)).toEqual([judged]);
    expect(summarize([judged], true).verdict).toBe('passed');
    expect(assertionRows(meta, sim, true)[0]!.state).toBe('pending');
  });
});
