import { describe, expect, test } from 'vitest';
import type { Command } from '../../engine/core/commands.ts';
import { attachStore } from '../../engine/store/attach-store.ts';
import { MemoryStore, MemoryStoreData } from '../../engine/store/memory-store.ts';
import { EngineHarness } from '../support/engine-harness.ts';

/** A broker on a memory store; returns the commands the store logged after start. */
async function logged(run: (h: EngineHarness) => void, compactAfter = 1000): Promise<Command['type'][]> {
  const h = new EngineHarness();
  const data = new MemoryStoreData();
  await attachStore(h.broker, new MemoryStore(data), { compactAfter });
  run(h);
  return data.log.map((c) => c.type);
}

const q = (name: string, durable: boolean, exclusive = false): Command => ({ type: 'queue.declare', vhost: '/', name, durable, exclusive, autoDelete: false, arguments: {} });
const bind = (source: string, destination: string): Command => ({ type: 'binding.add', vhost: '/', source, destination, destinationType: 'queue', routingKey: 'k', arguments: {} });

describe('which topology changes reach the log', () => {
  test('exclusive and transient queues never do, even as they come and go', async () => {
    const types = await logged((h) => {
      const conn = h.connect();
      for (let i = 0; i < 20; i++) {
        h.broker.execute(q(`reply-${i}`, true, true), { connectionId: conn.id });
        h.broker.execute(q(`tmp-${i}`, false));
        h.broker.execute({ type: 'queue.delete', vhost: '/', name: `reply-${i}` });
        h.broker.execute({ type: 'queue.delete', vhost: '/', name: `tmp-${i}` });
      }
    });
    expect(types).toEqual([]);
  });

  test('a binding is logged only when both ends are durable', async () => {
    const types = await logged((h) => {
      h.broker.execute(q('durable', true));
      h.broker.execute(q('transient', false));
      h.broker.execute(bind('amq.direct', 'durable'));
      h.broker.execute(bind('amq.direct', 'transient'));
      h.broker.execute({ type: 'exchange.declare', vhost: '/', name: 'x', exchangeType: 'direct', durable: false, autoDelete: false, internal: false, arguments: {} });
      h.broker.execute(bind('x', 'durable'));
    });
    expect(types).toEqual(['queue.declare', 'binding.add']);
  });

  test('users, vhosts and permissions always are; deletes of durable things are', async () => {
    const types = await logged((h) => {
      h.broker.execute({ type: 'vhost.add', name: 'v' });
      h.broker.execute({ type: 'user.add', name: 'u', passwordHash: '', tags: [] });
      h.broker.execute({ type: 'permission.set', user: 'u', vhost: 'v', configure: '', write: '', read: '.*' });
      h.broker.execute(q('gone', true));
      h.broker.execute({ type: 'queue.delete', vhost: '/', name: 'gone' });
      h.broker.execute({ type: 'vhost.delete', name: 'v' });
    });
    expect(types).toEqual(['vhost.add', 'user.add', 'permission.set', 'queue.declare', 'queue.delete', 'vhost.delete']);
  });

  test('past the threshold the log is compacted into a snapshot', async () => {
    const types = await logged((h) => {
      for (let i = 0; i < 25; i++) h.broker.execute(q(`q${i}`, true));
    }, 10);
    expect(types.length).toBeLessThan(10);
  });
});
