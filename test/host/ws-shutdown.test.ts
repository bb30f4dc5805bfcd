import { describe, expect, test } from 'vitest';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import type { WebSocketLike } from '../../engine/host/ws-client.ts';
import { WsHostClient } from '../../engine/host/ws-client.ts';
import type { CloseInfo } from '../../engine/host/ws-client.ts';
import { startTestHost } from './web-host-fixture.ts';

describe('WebSocket shutdown and diagnostics', () => {
  test('a stopping host closes its sockets with 1001 and a reason, and logs each close', async () => {
    const lines: string[] = [];
    const { host } = await startTestHost({ log: (l) => lines.push(l) });
    const c = await WsHostClient.connect(`${host.url.replace('http:', 'ws:')}ws?token=${encodeURIComponent(host.token)}`, (u) => new WebSocket(u) as unknown as WebSocketLike);
    const closed = new Promise<CloseInfo>((resolve) => c.onClose(resolve));
    await host.close();
    // A client can tell a shutdown from a broken link (1006), and says so.
    expect(await closed).toEqual({ code: 1001, reason: 'the host is shutting down' });
    expect(lines).toEqual(['ws: socket from 127.0.0.1 closed (code 1001: the host is shutting down)']);
  });

  test('when the socket closes, calls still waiting answer `unavailable` and a login still waiting resolves false', async () => {
    // A host that says hello and then never answers: only the close can settle what waits.
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => wss.once('listening', r));
    const server = new Promise<WebSocket>((resolve) =>
      wss.on('connection', (ws) => {
        ws.send(JSON.stringify({ kind: 'hello', authenticated: false, user: null, contractVersion: 1 }));
        resolve(ws);
      }),
    );
    const c = await WsHostClient.connect(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws`, (u) => new WebSocket(u) as unknown as WebSocketLike);
    const closed = new Promise<CloseInfo>((resolve) => c.onClose(resolve));
    const login = c.login('guest', 'guest');
    const call = c.invoke('host:info', {});
    (await server).terminate();
    expect((await closed).code).toBe(1006);
    expect(await login).toBe(false);
    expect(await call).toEqual({ ok: false, error: { code: 'unavailable', message: 'connection closed' } });
    wss.close();
  });
});
