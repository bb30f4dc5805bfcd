import { describe, expect, test } from 'vitest';
import type { HostApi, PushChannel, PushPayloads } from '../../engine/host/contract.ts';
import { EngineCallError, errorText } from '../../renderer/src/client/engine-client.ts';
import { ipcEngineClient } from '../../renderer/src/client/ipc-engine-client.ts';

/** A stand-in for the preload's `window.brokerlab`. */
function fakeBridge(): HostApi & { push<C extends PushChannel>(c: C, p: PushPayloads[C]): void } {
  const listeners = new Map<string, Set<(p: never) => void>>();
  return {
    invoke: async (channel) => {
      if (channel === 'queue:purge') return { ok: false, error: { code: 'amqp', message: "NOT_FOUND - no queue 'x' in vhost '/'", replyCode: 404 } };
      return { ok: true, value: { messageCount: 3 } } as never;
    },
    on: (channel, l) => {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(l as (p: never) => void);
      return () => void set.delete(l as (p: never) => void);
    },
    push: (c, p) => listeners.get(c)?.forEach((l) => l(p as never)),
  };
}

describe('engine clients', () => {
  test('the desktop client answers with values and rejects with the host error in RabbitMQ words', async () => {
    const client = ipcEngineClient(fakeBridge());
    await expect(client.call('queue:purge', { vhost: '/', queue: 'x' })).rejects.toBeInstanceOf(EngineCallError);
    const err = await client.call('queue:purge', { vhost: '/', queue: 'x' }).catch((e: unknown) => e);
    expect(errorText(err)).toBe("NOT_FOUND - no queue 'x' in vhost '/'");
    expect((err as EngineCallError).replyCode).toBe(404);
  });

  test('the desktop client passes pushes through and reports its link as open', () => {
    const bridge = fakeBridge();
    const client = ipcEngineClient(bridge);
    const seen: number[] = [];
    const off = client.on('events', (b) => seen.push(b.seq));
    bridge.push('events', { seq: 1, events: [], dropped: 0 });
    off();
    bridge.push('events', { seq: 2, events: [], dropped: 0 });
    expect(seen).toEqual([1]);
    const states: string[] = [];
    client.onLinkState((s) => states.push(s));
    expect(states).toEqual(['open']);
  });
});
