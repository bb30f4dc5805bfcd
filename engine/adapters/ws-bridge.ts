import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import { INTERNAL_USER } from '../core/broker.ts';
import type { HostError, PushChannel, PushPayloads } from '../host/contract.ts';
import { CONTRACT_VERSION } from '../host/contract.ts';
import type { HostService } from '../host/host-service.ts';
import type { WsServerMessage } from '../host/ws-protocol.ts';
import { WS_PATH, wsClientMessageSchema } from '../host/ws-protocol.ts';
import { authenticateUser, parseBasicAuth, tokenMatches } from './http-auth.ts';

/**
 * A client whose send buffer is past this skips live pushes until it drains;
 * the next delta then does not fit what it holds and it fetches `snapshot:get`.
 */
const SLOW_CLIENT_BYTES = 8 * 1024 * 1024;

/** The close frame sent to every socket when the host stops (1001: going away), so clients can tell a shutdown from a broken link. */
export const SHUTDOWN_CLOSE = { code: 1001, reason: 'the host is shutting down' } as const;
/** How long a shutdown waits for clients to answer the close frame before cutting their sockets. */
const SHUTDOWN_GRACE_MS = 1000;

export interface WsBridgeOptions {
  service: HostService;
  /** The owner's token: `?token=` on the upgrade URL logs in as the broker itself. */
  token: string;
  /** Decides whether an upgrade's Host and Origin are acceptable (DNS rebinding, cross-site sockets). */
  acceptUpgrade: (req: IncomingMessage) => boolean;
  maxPayload?: number;
  /** Told, as a line of text, when a socket closes and why (and when the host closes one itself). */
  log?: (line: string) => void;
}

interface Client {
  ws: WebSocket;
  /** The broker user acting; undefined until authenticated. */
  user: string | undefined;
  peer: string | undefined;
}

/**
 * Carries the host contract over a WebSocket at `/ws`: every inbound frame is
 * validated (a bad one gets an error naming the problem and the socket stays
 * up), invokes go to the host service as the authenticated user, and each push
 * is serialised once and sent to every authenticated client.
 */
export class WsBridge {
  private readonly wss: WebSocketServer;
  private readonly clients = new Set<Client>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    server: Server,
    private readonly opts: WsBridgeOptions,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload ?? 96 * 1024 * 1024 });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
  }

  get clientCount(): number {
    return this.clients.size;
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== WS_PATH || !this.opts.acceptUpgrade(req)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connected(ws, req, url));
  }

  private connected(ws: WebSocket, req: IncomingMessage, url: URL): void {
    const client: Client = { ws, user: undefined, peer: req.socket.remoteAddress };
    this.clients.add(client);
    ws.on('close', (code: number, reason: Buffer) => {
      this.opts.log?.(`ws: socket from ${client.peer ?? 'an unknown address'} closed (code ${code}${reason.length > 0 ? `: ${reason.toString()}` : ''})`);
      this.dropped(client);
    });
    // The ws library has already sent the close frame (1002, 1009…) that names the problem.
    ws.on('error', (e: Error) => {
      this.opts.log?.(`ws: closing the socket from ${client.peer ?? 'an unknown address'}: ${e.message}`);
      ws.terminate();
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      this.received(client, data, isBinary).catch((e: unknown) => {
        this.opts.log?.(`ws: a frame from ${client.peer ?? 'an unknown address'} failed: ${e instanceof Error ? e.message : String(e)}`);
        this.fail(client, { code: 'internal', message: `the host failed to answer: ${e instanceof Error ? e.message : String(e)}` });
      });
    });
    const basic = parseBasicAuth(req.headers.authorization);
    if (tokenMatches(this.opts.token, url.searchParams.get('token'))) this.login(client, INTERNAL_USER);
    else if (basic && authenticateUser(this.opts.service.broker, basic.user, basic.password, client.peer)) this.login(client, basic.user);
    else this.send(client, { kind: 'hello', authenticated: false, user: null, contractVersion: CONTRACT_VERSION });
  }

  private login(client: Client, user: string): void {
    client.user = user;
    this.send(client, { kind: 'hello', authenticated: true, user, contractVersion: CONTRACT_VERSION });
    // The first subscription pushes the current snapshot itself; later clients get theirs here: the base of the next delta.
    if (this.unsubscribe) this.send(client, { kind: 'push', channel: 'snapshot', payload: this.opts.service.current() });
    else this.unsubscribe = this.opts.service.subscribe((channel, payload) => this.broadcast(channel, payload));
  }

  private async received(client: Client, data: RawData, isBinary: boolean): Promise<void> {
    let json: unknown;
    try {
      if (isBinary) throw new Error('binary frames are not part of the protocol');
      json = JSON.parse(data.toString());
    } catch (e) {
      return this.fail(client, { code: 'bad-request', message: `frame is not JSON text: ${(e as Error).message}` });
    }
    const parsed = wsClientMessageSchema.safeParse(json);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      const error: HostError = { code: 'bad-request', message: `bad frame: ${i ? `${i.path.join('.') || '(frame)'}: ${i.message}` : 'invalid'}` };
      const id = (json as { id?: unknown } | null)?.id;
      if (typeof id === 'number' && Number.isSafeInteger(id)) return this.send(client, { kind: 'result', id, result: { ok: false, error } });
      return this.fail(client, error);
    }
    const msg = parsed.data;
    if (msg.kind === 'login') {
      if (authenticateUser(this.opts.service.broker, msg.user, msg.password, client.peer)) return this.login(client, msg.user);
      return this.fail(client, { code: 'unauthorized', message: 'login refused: wrong user name or password, or user not allowed from this address' });
    }
    if (client.user === undefined) {
      return this.send(client, { kind: 'result', id: msg.id, result: { ok: false, error: { code: 'unauthorized', message: 'log in first' } } });
    }
    const result = await this.opts.service.invoke(msg.channel, msg.payload, { user: client.user });
    this.send(client, { kind: 'result', id: msg.id, result });
  }

  private broadcast<C extends PushChannel>(channel: C, payload: PushPayloads[C]): void {
    let text: string | undefined;
    for (const c of this.clients) {
      if (c.user === undefined || c.ws.readyState !== c.ws.OPEN) continue;
      if ((channel === 'snapshot' || channel === 'live') && c.ws.bufferedAmount > SLOW_CLIENT_BYTES) continue;
      text ??= JSON.stringify({ kind: 'push', channel, payload });
      c.ws.send(text);
    }
  }

  private fail(client: Client, error: HostError): void {
    this.send(client, { kind: 'error', error });
  }

  private send(client: Client, msg: WsServerMessage): void {
    if (client.ws.readyState === client.ws.OPEN) client.ws.send(JSON.stringify(msg));
  }

  private dropped(client: Client): void {
    this.clients.delete(client);
    if (![...this.clients].some((c) => c.user !== undefined)) {
      this.unsubscribe?.();
      this.unsubscribe = undefined;
    }
  }

  /**
   * Close every socket with a close frame saying the host is going away
   * (1001), so a client tells a shutdown from a broken link; sockets that do
   * not answer within a second are cut.
   */
  async close(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    const open = [...this.clients].map((c) => c.ws);
    this.clients.clear();
    await Promise.all(
      open.map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === ws.CLOSED) return resolve();
            const cut = setTimeout(() => ws.terminate(), SHUTDOWN_GRACE_MS);
            ws.once('close', () => (clearTimeout(cut), resolve()));
            ws.close(SHUTDOWN_CLOSE.code, SHUTDOWN_CLOSE.reason);
          }),
      ),
    );
    this.wss.close();
  }
}
