import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseScenario } from '../../engine/sim/scenario/load.ts';
import { clientsOf, compileScenario, metaOf, scenarioModel, scenarioVhost } from '../../renderer/src/model/scenario-doc.ts';
import { liveAssertions } from '../../renderer/src/model/live-assertions.ts';

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

  test('assertions that need the end of the run say so instead of passing early', () => {
    const meta = metaOf({ assertions: [{ type: 'noMessageLost' }, { type: 'count', metric: 'ack', min: 1 }] });
    expect(liveAssertions(meta, null).map((a) => a.state)).toEqual(['end', 'end']);
  });
});
