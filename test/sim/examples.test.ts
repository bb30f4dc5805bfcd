import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { EXAMPLE_FILES } from '../../engine/sim/examples/catalog.ts';
import { SimulationRunner } from '../../engine/sim/runner.ts';
import { loadScenario } from '../../engine/sim/scenario/load.ts';

const dir = new URL('../../engine/sim/examples/', import.meta.url);

describe('example gallery', () => {
  test('the catalog lists exactly the example files', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
    expect([...EXAMPLE_FILES].sort()).toEqual(files);
  });

  describe.each(EXAMPLE_FILES)('%s', (file) => {
    const doc = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Record<string, unknown>;

    test('states what it teaches and asserts it', () => {
      expect(typeof doc['description']).toBe('string');
      expect((doc['description'] as string).length).toBeGreaterThan(60);
      expect((doc['assertions'] as unknown[]).length).toBeGreaterThan(0);
    });

    test('runs headless in virtual time and passes its assertions', () => {
      const report = new SimulationRunner(loadScenario(doc)).runToEnd();
      const failed = report.assertions.filter((a) => !a.passed).map((a) => `${a.label}: ${a.detail ?? ''}`);
      expect(failed).toEqual([]);
      expect(report.timeline.filter((t) => !t.ok)).toEqual([]);
      expect(report.outcome.passed).toBe(true);
    });
  });
});
