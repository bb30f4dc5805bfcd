import type { Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import type { WebHost } from '../../engine/adapters/http-host.ts';
import { Broker } from '../../engine/core/broker.ts';
import { RealScheduler } from '../../engine/adapters/real-scheduler.ts';
import type { HostApi, HostSnapshot, InvokeChannel } from '../../engine/host/contract.ts';
import type { WebSocketLike } from '../../engine/host/ws-client.ts';
import type { LinkState } from '../../renderer/src/client/engine-client.ts';
import { fromHostApi } from '../../renderer/src/client/engine-client.ts';
import { createLiveFeed } from '../../renderer/src/client/live-feed.ts';
import { ReconnectingHost, describeClose } from '../../renderer/src/client/reconnecting-host.ts';
import { startTestHost } from '../host/web-host-fixture.ts';

const socket = (u: string): WebSocketLike => new WebSocket(u) as unknown as WebSocketLike;
const hosts: WebHost[] = [];
const clients: ReconnectingHost[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const h of hosts.splice(0)) await h.close();
});

/** A web host whose upgraded sockets the test can cut (as a dead network or a crashed proxy would). */
/** Stop a host the test started (a restart, or the host gone for good). */
async function stop(h: WebHost): Promise<void> {
  hosts.splice(hosts.indexOf(h), 1);
  await h.close();
}

async function host(opts: { port?: number; token?: string; broker?: Broker } = {}) {
  const broker = opts.broker ?? new Broker({ scheduler: new RealScheduler() });
  const { host: h } = await startTestHost({ broker, ...(opts.port !== undefined && { port: opts.port }), ...(opts.token !== undefined && { token: opts.token }) });
  hosts.push(h);
  const sockets: Socket[] = [];
  h.server.on('upgrade', (_req, s: Socket) => sockets.push(s));
  return { h, broker, sockets, wsUrl: (query = `?token=${encodeURIComponent(h.token)}`) => `${h.url.replace('http:', 'ws:')}ws${query}` };
}

/** A reconnecting client with the studio's live feed on it, recording link states, calls and the delays it waited. */
async function studio(url: string, delays: readonly number[] = [1]) {
  const waited: number[] = [];
  const rh = await ReconnectingHost.connect(url, {
    create: socket,
    delays,
    later: (fn, ms) => {
      waited.push(ms);
      const t = setTimeout(fn, 0);
      return () => clearTimeout(t);
    },
  });
  clients.push(rh);
  const calls: InvokeChannel[] = [];
  const links: [LinkState, string | undefined][] = [];
  const api: HostApi = { invoke: (c, p) => (calls.push(c), rh.invoke(c, p)), on: (c, l) => rh.on(c, l) };
  const client = fromHostApi(api, 'websocket', { onLinkState: (l) => rh.onLinkState(l), close: () => rh.close() });
  client.onLinkState((s, d) => void links.push([s, d]));
  let latest: HostSnapshot | undefined;
  let waiter: { pred: (s: HostSnapshot) => boolean; resolve: () => void } | undefined;
  const feed = createLiveFeed(client, (s) => {
    latest = s;
    if (waiter?.pred(s)) waiter.resolve();
  });
  /** Resolves once the feed hands on a snapshot that passes `pred`. */
  const until = (pred: (s: HostSnapshot) => boolean): Promise<void> =>
    latest && pred(latest) ? Promise.resolve() : new Promise((resolve) => (waiter = { pred, resolve }));
  /** Resolves when the link next changes to `state` (not on the state it is in now). */
  const linkIs = (state: LinkState): Promise<void> =>
    new Promise((resolve) => {
      let now = true;
      const off = rh.onLinkState((s) => {
        if (now || s !== state) return;
        off();
        resolve();
      });
      now = false;
    });
  return { rh, client, calls, links, waited, feed, until, linkIs, latest: () => latest };
}

const hasQueue = (name: string) => (s: HostSnapshot) => s.topology.queues.some((q) => q.name === name);
const declare = (b: Broker, name: string) => b.execute({ type: 'queue.declare', vhost: '/', name, durable: false, exclusive: false, autoDelete: false, arguments: {} });

describe('the reconnecting WebSocket client', () => {
  test('a socket cut under it (close 1006) is reconnected; the feed fetches a full snapshot and live data flows again', async () => {
    const a = await host();
    const s = await studio(a.wsUrl());
    declare(a.broker, 'before');
    await s.until(hasQueue('before'));
    const callsBefore = s.calls.filter((c) => c === 'snapshot:get').length;

    const back = s.linkIs('open');
    a.sockets[0]!.destroy();
    await back;
    expect(s.links.map(([state]) => state)).toEqual(['open', 'reconnecting', 'open']);
    expect(s.links[1]![1]).toBe(describeClose({ code: 1006, reason: '' }));
    expect(s.links[1]![1]).toContain('code 1006');
    // Back, the feed asked for the whole picture (snapshot:get) rather than trusting what it held.
    expect(s.calls.filter((c) => c === 'snapshot:get').length).toBe(callsBefore + 1);
    declare(a.broker, 'after');
    await s.until(hasQueue('after'));
    expect((await s.client.call('host:info', {})).mode).toBe('web');
  });

  test('a host restarted on the same port and token: the studio comes back to the new host and its numbering', async () => {
    const a = await host();
    const s = await studio(a.wsUrl());
    declare(a.broker, 'old');
    await s.until(hasQueue('old'));
    const lost = s.linkIs('reconnecting');
    await stop(a.h);
    await lost;
    // The host said why it went (a close frame), instead of the socket just breaking.
    expect(s.links.at(-1)![1]).toBe('The socket closed with code 1001 (the host went away): the host is shutting down.');
    expect((await s.rh.invoke('host:info', {})).ok).toBe(false);

    const b = await host({ port: a.h.port, token: a.h.token });
    declare(b.broker, 'fresh');
    await s.linkIs('open');
    await s.until(hasQueue('fresh'));
    expect(hasQueue('old')(s.latest()!)).toBe(false);
    // Deltas from the new host apply, though its numbering started again.
    declare(b.broker, 'fresh-2');
    await s.until(hasQueue('fresh-2'));
    expect(s.calls).toContain('snapshot:get');
  });

  test('a host that no longer takes the session (new token): the link closes for good, saying why', async () => {
    const a = await host();
    const s = await studio(a.wsUrl());
    await stop(a.h);
    await host({ port: a.h.port, token: 'another-token' });
    await s.linkIs('closed');
    expect(s.links.at(-1)![1]).toContain("no longer accepts this page's token");
    const r = await s.rh.invoke('host:info', {});
    expect(r.ok === false && r.error.code).toBe('unavailable');
  });

  test('a user who logged in with a password is logged in again on the new socket', async () => {
    const a = await host();
    const s = await studio(a.wsUrl(''));
    expect(s.rh.authenticated).toBe(false);
    expect(await s.rh.login('guest', 'wrong')).toBe(false);
    expect(await s.rh.login('guest', 'guest')).toBe(true);
    const back = s.linkIs('open');
    a.sockets[0]!.destroy();
    await back;
    expect(s.rh.authenticated).toBe(true);
    expect((await s.client.call('topology:get', {})).vhosts.map((v) => v.name)).toContain('/');
  });

  test('while the host is down it retries with growing waits, and closing calls off the wait under way', async () => {
    const a = await host();
    // Timers the test runs by hand: each wait asked for is seen before it passes.
    const timers: { ms: number; fn: () => void; cancelled: boolean }[] = [];
    let onTimer: (() => void) | undefined;
    const nextTimer = (n: number): Promise<void> => (timers.length >= n ? Promise.resolve() : new Promise((r) => (onTimer = () => timers.length >= n && r())));
    const rh = await ReconnectingHost.connect(a.wsUrl(), {
      create: socket,
      delays: [5, 10, 20],
      later: (fn, ms) => {
        const t = { ms, fn, cancelled: false };
        timers.push(t);
        onTimer?.();
        return () => void (t.cancelled = true);
      },
    });
    clients.push(rh);
    await stop(a.h);
    for (let n = 1; n <= 5; n++) {
      await nextTimer(n);
      expect(rh.linkState).toBe('reconnecting');
      timers[n - 1]!.fn();
    }
    await nextTimer(6);
    expect(timers.map((t) => t.ms)).toEqual([5, 10, 20, 20, 20, 20]);
    rh.close();
    expect(rh.linkState).toBe('closed');
    expect(timers.map((t) => t.cancelled)).toEqual([false, false, false, false, false, true]);
  });

  test('a host that cannot be reached at all fails the first connect (the page says so)', async () => {
    const a = await host();
    await stop(a.h);
    await expect(ReconnectingHost.connect(a.wsUrl(), { create: socket })).rejects.toThrow(/cannot connect|closed/);
  });
});
