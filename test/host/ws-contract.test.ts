import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import type { WebHost } from '../../engine/adapters/http-host.ts';
import type { Broker } from '../../engine/core/broker.ts';
import type { EventBatch, HostSnapshot } from '../../engine/host/contract.ts';
import { LiveMirror } from '../../engine/host/live-mirror.ts';
import type { WebSocketLike } from '../../engine/host/ws-client.ts';
import { WsHostClient } from '../../engine/host/ws-client.ts';
import type { WsServerMessage } from '../../engine/host/ws-protocol.ts';
import { startTestHost } from './web-host-fixture.ts';

let broker: Broker;
let host: WebHost;
const clients: WsHostClient[] = [];

const socket = (url: string, headers: Record<string, string> = {}): WebSocketLike => new WebSocket(url, { headers }) as unknown as WebSocketLike;
const wsUrl = (query = ''): string => `${host.url.replace('http:', 'ws:')}ws${query}`;
async function connect(query = '', headers: Record<string, string> = {}): Promise<WsHostClient> {
  const c = await WsHostClient.connect(wsUrl(query), (u) => socket(u, headers));
  clients.push(c);
  return c;
}
const next = <T>(c: WsHostClient, channel: 'snapshot' | 'events', pred: (p: T) => boolean = () => true): Promise<T> =>
  new Promise((resolve) => {
    const off = c.on(channel, (p) => {
      if (!pred(p as T)) return;
      off();
      resolve(p as T);
    });
  });

beforeAll(async () => {
  ({ broker, host } = await startTestHost());
});
afterAll(async () => {
  for (const c of clients) c.close();
  await host.close();
});

describe('WebSocket contract', () => {
  test('an unauthenticated socket may only log in', async () => {
    const c = await connect();
    expect(c.authenticated).toBe(false);
    const r = await c.invoke('topology:get', {});
    expect(r.ok === false && r.error.code).toBe('unauthorized');
    expect(await c.login('guest', 'wrong')).toBe(false);
    expect(await c.login('guest', 'guest')).toBe(true);
    expect((await c.invoke('topology:get', {})).ok).toBe(true);
  });

  test('the printed token and basic auth on the upgrade both log in', async () => {
    const byToken = await connect(`?token=${encodeURIComponent(host.token)}`);
    expect(byToken.authenticated).toBe(true);
    const byBasic = await connect('', { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}` });
    expect(byBasic.user).toBe('guest');
    expect((await connect('?token=wrong')).authenticated).toBe(false);
  });

  test('round trip: apply a command, see it in the next snapshot and event batch', async () => {
    const c = await connect(`?token=${encodeURIComponent(host.token)}`);
    const snap = next<HostSnapshot>(c, 'snapshot', (s) => s.topology.queues.some((q) => q.name === 'ws-q'));
    const events = next<EventBatch>(c, 'events');
    const r = await c.invoke('topology:apply', { type: 'queue.declare', vhost: '/', name: 'ws-q', durable: false, exclusive: false, autoDelete: false, arguments: {} });
    expect(r).toMatchObject({ ok: true, value: { type: 'queue.declare', name: 'ws-q', created: true } });
    expect((await snap).topology.queues.find((q) => q.name === 'ws-q')?.id).toBe('queue:%2F/ws-q');
    expect((await events).events).toContainEqual(expect.objectContaining({ type: 'topology', command: expect.objectContaining({ name: 'ws-q' }) }));
    const pub = await c.invoke('queue:publish', { vhost: '/', exchange: '', routingKey: 'ws-q', payload: 'hi' });
    expect(pub).toEqual({ ok: true, value: { routed: true } });
    const peek = await c.invoke('queue:peek', { vhost: '/', queue: 'ws-q' });
    expect(peek.ok && peek.value[0]?.payload).toBe('hi');
    expect(broker.vhost('/')?.queues.get('ws-q')?.messageCount).toBe(1);
  });

  test('a malformed payload gets an error naming the field, and the socket stays up', async () => {
    const c = await connect(`?token=${encodeURIComponent(host.token)}`);
    const bad = await c.invoke('queue:get', { vhost: '/', queue: 'ws-q', ackmode: 'sometimes' } as never);
    expect(bad.ok === false && bad.error).toMatchObject({ code: 'bad-request', message: expect.stringContaining('ackmode') });
    const unknown = await c.invoke('no:such' as never, {} as never);
    expect(unknown.ok === false && unknown.error.code).toBe('unknown-channel');
    expect((await c.invoke('host:info', {})).ok).toBe(true);
  });

  test('frames that are not protocol messages get an error reply, not a disconnect', async () => {
    const c = await connect(`?token=${encodeURIComponent(host.token)}`);
    c.sendRaw('not json');
    c.sendRaw(JSON.stringify({ kind: 'shout' }));
    const r = await c.invoke('host:info', {});
    expect(r.ok).toBe(true);
    expect(c.errors.map((e) => e.code)).toEqual(['bad-request', 'bad-request']);
    expect(c.errors[1]?.message).toContain('kind');
  });

  test('a socket from another origin is refused', async () => {
    await expect(WsHostClient.connect(wsUrl(), (u) => socket(u, { origin: 'http://evil.example' }))).rejects.toThrow();
  });

  test('live data: a full snapshot, then deltas that rebuild it; a client connecting later starts from a full snapshot', async () => {
    /** A client whose every push frame, from the first, goes through a mirror (listeners on the raw socket miss nothing). */
    const watch = async () => {
      const m = new LiveMirror();
      const seen: string[] = [];
      let waiter: { pred: (s: HostSnapshot) => boolean; resolve: (s: HostSnapshot) => void } | undefined;
      const got = (s: HostSnapshot): void => {
        if (waiter?.pred(s)) waiter.resolve(s);
      };
      const c = await WsHostClient.connect(wsUrl(`?token=${encodeURIComponent(host.token)}`), (u) => {
        const ws = socket(u);
        ws.addEventListener('message', (ev) => {
          const msg = JSON.parse(String(ev.data)) as WsServerMessage;
          if (msg.kind !== 'push') return;
          if (msg.channel === 'snapshot') (seen.push('snapshot'), got(m.reset(msg.payload)));
          if (msg.channel !== 'live') return;
          const r = m.apply(msg.payload);
          seen.push(r.ok ? 'live' : r.reason);
          if (r.ok) got(r.snapshot);
        });
        return ws;
      });
      clients.push(c);
      const until = (pred: (s: HostSnapshot) => boolean): Promise<HostSnapshot> =>
        m.snapshot && pred(m.snapshot) ? Promise.resolve(m.snapshot) : new Promise((resolve) => (waiter = { pred, resolve }));
      return { c, m, seen, until };
    };
    const ready = (s: HostSnapshot): number | undefined => s.topology.queues.find((q) => q.name === 'ws-live')?.ready;
    broker.execute({ type: 'queue.declare', vhost: '/', name: 'ws-live', durable: false, exclusive: false, autoDelete: false, arguments: {} });
    const a = await watch();
    await a.until((s) => ready(s) === 0);
    const counted = a.until((s) => ready(s) === 3);
    for (let i = 0; i < 3; i++) await a.c.invoke('queue:publish', { vhost: '/', exchange: '', routingKey: 'ws-live', payload: 'x' });
    await counted;
    expect(a.seen[0]).toBe('snapshot');
    expect(a.seen).toContain('live');
    expect(a.seen.filter((s) => s !== 'snapshot' && s !== 'live')).toEqual([]);

    const b = await watch();
    const first = await b.until(() => true);
    expect(b.seen[0]).toBe('snapshot');
    expect(ready(first)).toBe(3);
    // Both follow the same deltas from here on and hold the same picture.
    const seq = Math.max(a.m.seq, b.m.seq) + 1;
    const [sa, sb] = await Promise.all([a.until((s) => s.seq >= seq), b.until((s) => s.seq >= seq)]);
    expect(sb.seq).toBe(sa.seq);
    expect(sb).toEqual(sa);
    const got = await b.c.invoke('snapshot:get', {});
    expect(got.ok && ready(got.value)).toBe(3);
  });

  test('the desktop-only channels answer unavailable on the web host', async () => {
    const c = await connect(`?token=${encodeURIComponent(host.token)}`);
    const r = await c.invoke('scenario:save', { scenario: {} });
    expect(r.ok === false && r.error.code).toBe('unavailable');
  });
});
