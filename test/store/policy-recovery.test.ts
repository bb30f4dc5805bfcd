import { afterEach, describe, expect, test } from 'vitest';
import { topologyCommands } from '../../engine/store/durable-topology.ts';
import { EngineHarness, declareQueue } from '../support/engine-harness.ts';
import type { Booted } from './boot.ts';
import { boot, crashAndBoot } from './boot.ts';
import { PLACES, removeTempDirs } from './places.ts';

describe.each(PLACES)('policies with the %s store', (_kind, makePlace) => {
  const running: Booted[] = [];
  afterEach(async () => {
    for (const b of running.splice(0)) await b.att.close();
    removeTempDirs();
  });

  test('are durable topology: set, redefined and cleared policies survive a crash as they were', async () => {
    const place = makePlace();
    const a = await boot(place);
    running.push(a);
    const { ch } = a.h.channel();
    declareQueue(ch, 'orders', { 'x-max-length': 10 }, { durable: true });
    const set = (name: string, definition: Record<string, number | string>, priority = 0) =>
      a.h.broker.execute({ type: 'policy.set', vhost: '/', name, pattern: '^orders$', applyTo: 'queues', priority, definition });
    set('limit', { 'max-length': 50 });
    set('limit', { 'max-length': 3, 'ha-mode': 'all' }, 2);
    set('gone', { 'message-ttl': 5 }, 9);
    a.h.broker.execute({ type: 'policy.clear', vhost: '/', name: 'gone' });
    const { next } = await crashAndBoot(a, place);
    running.push(next);
    const v = next.h.broker.vhost('/')!;
    expect([...v.policies.values()].map((p) => ({ name: p.name, priority: p.priority, applyTo: p.applyTo, definition: p.definition }))).toEqual([
      { name: 'limit', priority: 2, applyTo: 'queues', definition: { 'max-length': 3, 'ha-mode': 'all' } },
    ]);
    const q = v.queues.get('orders')!;
    expect([q.policy, q.settings.maxLength, q.settings.messageTtl, q.args]).toEqual(['limit', 3, undefined, { 'x-max-length': 10 }]);
  });
});

test('the compacted snapshot sets policies after the queues they apply to', () => {
  const h = new EngineHarness();
  h.broker.execute({ type: 'policy.set', vhost: '/', name: 'p', pattern: '.*', applyTo: 'queues', priority: 1, definition: { 'max-length': 1 } });
  declareQueue(h.channel().ch, 'q', {}, { durable: true });
  const types = topologyCommands(h.broker).filter((c) => c.type === 'queue.declare' || c.type === 'policy.set');
  expect(types).toEqual([
    { type: 'queue.declare', vhost: '/', name: 'q', durable: true, exclusive: false, autoDelete: false, arguments: {} },
    { type: 'policy.set', vhost: '/', name: 'p', pattern: '.*', applyTo: 'queues', priority: 1, definition: { 'max-length': 1 } },
  ]);
});
