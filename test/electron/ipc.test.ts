import { describe, expect, test, vi } from 'vitest';
import { createBridge } from '../../electron/bridge.ts';
import type { IpcRendererLike } from '../../electron/bridge.ts';
import type { IpcEventLike, IpcMainLike } from '../../electron/ipc.ts';
import { handle, push, registerHostHandlers } from '../../electron/ipc.ts';
import { isAppUrl } from '../../electron/window-options.ts';
import { Broker } from '../../engine/core/broker.ts';
import { VirtualScheduler } from '../../engine/core/clock.ts';
import { INVOKE_CHANNELS, PUSH_CHANNELS } from '../../engine/host/contract.ts';
import { HostService } from '../../engine/host/host-service.ts';

/** An ipcMain stand-in: records handlers and calls them like Electron would. */
class FakeIpcMain implements IpcMainLike {
  handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  async invoke(url: string | null, channel: string, payload: unknown): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    return h({ senderFrame: url === null ? null : { url } }, payload);
  }
}

const APP = 'app://brokerlab/index.html';

function hostHandlers() {
  const ipc = new FakeIpcMain();
  const service = new HostService({ broker: new Broker({ scheduler: new VirtualScheduler(0) }), mode: 'desktop' });
  const off = registerHostHandlers(ipc, service, isAppUrl);
  return { ipc, service, off };
}

describe('main-process handlers', () => {
  test('one handler per contract channel, and none other', () => {
    const { ipc, off } = hostHandlers();
    expect([...ipc.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    off();
    expect(ipc.handlers.size).toBe(0);
  });

  test('answer the app’s own frame', async () => {
    const { ipc } = hostHandlers();
    expect(await ipc.invoke(APP, 'host:info', {})).toMatchObject({ ok: true, value: { mode: 'desktop' } });
  });

  test('refuse a frame from another origin, or one that is gone', async () => {
    const { ipc } = hostHandlers();
    for (const url of ['https://evil.example/', 'file:///tmp/x.html', 'app://other/index.html', null]) {
      expect(await ipc.invoke(url, 'topology:apply', { type: 'vhost.delete', name: '/' })).toEqual({ ok: false, error: expect.objectContaining({ code: 'forbidden-sender' }) });
    }
  });

  test('refuse a malformed payload, naming the field', async () => {
    const { ipc } = hostHandlers();
    const r = await ipc.invoke(APP, 'queue:purge', { vhost: '/', queue: 7 });
    expect(r).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('queue') } });
  });

  test('the typed handle wrapper checks the sender and the schema before calling', async () => {
    const ipc = new FakeIpcMain();
    const fn = vi.fn(() => ({ messageCount: 0 }));
    handle(ipc, 'queue:purge', isAppUrl, fn);
    expect(await ipc.invoke('https://evil.example/', 'queue:purge', { vhost: '/', queue: 'q' })).toMatchObject({ ok: false });
    expect(await ipc.invoke(APP, 'queue:purge', { vhost: '/' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(fn).not.toHaveBeenCalled();
    expect(await ipc.invoke(APP, 'queue:purge', { vhost: '/', queue: 'q' })).toEqual({ ok: true, value: { messageCount: 0 } });
    expect(fn).toHaveBeenCalledWith({ vhost: '/', queue: 'q' }, expect.anything());
  });

  test('a throwing handler answers an error value', async () => {
    const ipc = new FakeIpcMain();
    handle(ipc, 'host:info', isAppUrl, () => {
      throw new Error('boom');
    });
    expect(await ipc.invoke(APP, 'host:info', {})).toEqual({ ok: false, error: { code: 'internal', message: 'boom' } });
  });

  test('pushes skip a destroyed window', () => {
    const send = vi.fn();
    expect(push({ isDestroyed: () => true, send }, 'events', { seq: 1, events: [], dropped: 0 })).toBe(false);
    expect(push({ isDestroyed: () => false, send }, 'events', { seq: 1, events: [], dropped: 0 })).toBe(true);
    expect(send).toHaveBeenCalledTimes(1);
  });
});

describe('preload bridge', () => {
  function fakeRenderer() {
    const listeners = new Map<string, Set<(e: unknown, p: unknown) => void>>();
    const ipc: IpcRendererLike & { emit(c: string, p: unknown): void; invoked: string[] } = {
      invoked: [],
      invoke: async (channel) => {
        ipc.invoked.push(channel);
        return { ok: true, value: null };
      },
      on: (c, l) => listeners.set(c, (listeners.get(c) ?? new Set()).add(l)),
      removeListener: (c, l) => listeners.get(c)?.delete(l),
      emit: (c, p) => listeners.get(c)?.forEach((l) => l({ sender: 'secret' }, p)),
    };
    return ipc;
  }

  test('its allow-list is exactly the contract’s channels', () => {
    const bridge = createBridge(fakeRenderer());
    expect(bridge.channels.invoke).toEqual([...INVOKE_CHANNELS]);
    expect(bridge.channels.push).toEqual([...PUSH_CHANNELS]);
  });

  test('carries every contract channel and no other', async () => {
    const ipc = fakeRenderer();
    const bridge = createBridge(ipc);
    for (const c of INVOKE_CHANNELS) await bridge.invoke(c, {} as never);
    expect(ipc.invoked).toEqual([...INVOKE_CHANNELS]);
    const r = await bridge.invoke('shell:exec' as never, {} as never);
    expect(r.ok === false && r.error.code).toBe('unknown-channel');
    expect(ipc.invoked).toHaveLength(INVOKE_CHANNELS.length);
    expect(() => bridge.on('secrets' as never, () => {})).toThrow(/unknown push channel/);
  });

  test('listeners get the payload, never the IPC event, and can unsubscribe', () => {
    const ipc = fakeRenderer();
    const bridge = createBridge(ipc);
    const got: unknown[][] = [];
    const off = bridge.on('menu', (...args: unknown[]) => void got.push(args));
    ipc.emit('menu', { action: 'scenario:save' });
    off();
    ipc.emit('menu', { action: 'scenario:open' });
    expect(got).toEqual([[{ action: 'scenario:save' }]]);
  });
});
