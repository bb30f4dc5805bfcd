import { describe, expect, test } from 'vitest';
import { reportCsv } from '../../engine/sim/report/report-csv.ts';
import { reportHtml } from '../../engine/sim/report/report-html.ts';
import { run } from './sim-helpers.ts';

/** Randomness everywhere: Poisson rates, size and processing distributions, key templates, failures. */
const noisy = {
  duration: '20s',
  drain: '10s',
  topology: { exchanges: [{ name: 'x', type: 'topic' }], queues: [{ name: 'a' }, { name: 'b' }], bindings: [{ source: 'x', destination: 'a', routingKey: 'eu.#' }, { source: 'x', destination: 'b', routingKey: '#' }] },
  producers: [{ id: 'p', count: 2, exchange: 'x', routingKey: '{eu|us}.{int:1-9}', rate: { type: 'poisson', perSecond: 40 }, size: { type: 'normal', mean: 500, stddev: 200 }, confirm: { maxUnconfirmed: 10 } }],
  consumers: [
    { id: 'ca', count: 2, queue: 'a', prefetch: 5, processingTime: { type: 'exponential', mean: 20 }, failures: { nackRequeue: 0.05, crash: 0.01 } },
    { id: 'cb', queue: 'b', prefetch: 50, processingTime: { type: 'uniform', min: 1, max: 10 } },
  ],
  timeline: [{ at: '5s', action: 'setRate', producer: 'p', rate: { type: 'burst', size: 20, every: '1s' } }],
  assertions: [{ type: 'noMessageLost' }],
};

describe('determinism', () => {
  test('two runs with one seed give byte-identical reports (JSON, CSV and HTML)', () => {
    const a = run(noisy);
    const b = run(noisy);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(reportCsv(b)).toBe(reportCsv(a));
    expect(reportHtml(b)).toBe(reportHtml(a));
    expect(a.summary.published).toBeGreaterThan(500);
  });

  test('another seed gives another run', () => {
    const a = run(noisy);
    const c = run(noisy, { seed: 99 });
    expect(c.scenario.seed).toBe(99);
    expect(JSON.stringify(c.summary)).not.toBe(JSON.stringify(a.summary));
  });
});
