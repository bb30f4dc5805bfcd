import type { HostApi, HostError, InvokeChannel, InvokeRequest, InvokeResult, PushChannel, PushPayloads } from './contract.ts';
import type { WsClientMessage, WsServerMessage } from './ws-protocol.ts';

/** The part of the DOM `WebSocket` the client uses (the `ws` package's socket has it too). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'error', fn: () => void): void;
  addEventListener(type: 'close', fn: (ev: { code: number; reason: string }) => void): void;
  addEventListener(type: 'message', fn: (ev: { data: unknown }) => void): void;
}

/** How a socket closed: the close frame's code and reason (1006 and no reason when the connection broke without one). */
export interface CloseInfo {
  code: number;
  reason: string;
}

type Pending = (r: InvokeResult<InvokeChannel>) => void;

/**
 * The host contract over a WebSocket: the browser-mode twin of the preload's
 * `window.brokerlab`. Create it with `WsHostClient.connect(url)`; it resolves
 * once the host said hello (check `authenticated`, or call `login`).
 */
export class WsHostClient implements HostApi {
  authenticated = false;
  user: string | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<PushChannel, Set<(p: never) => void>>();
  private readonly pushListeners = new Set<(channel: PushChannel, payload: unknown) => void>();
  private readonly closeListeners = new Set<(info: CloseInfo) => void>();
  private loginWaiter: ((ok: boolean) => void) | undefined;
  /** Errors the host sent that answer no request (bad frames). */
  readonly errors: HostError[] = [];

  private constructor(private readonly ws: WebSocketLike) {}

  /**
   * Open a socket (`ws://host:port/ws`, optionally `?token=`) and wait for the
   * host's hello. `prepare` sees the client before any frame arrives (pushes
   * can follow the hello in the same read, before the promise settles).
   */
  static connect(url: string, create: (url: string) => WebSocketLike = (u) => new WebSocket(u), prepare?: (client: WsHostClient) => void): Promise<WsHostClient> {
    const ws = create(url);
    const client = new WsHostClient(ws);
    prepare?.(client);
    return new Promise((resolve, reject) => {
      let hello = false;
      ws.addEventListener('message', (ev) => {
        const msg = JSON.parse(String(ev.data)) as WsServerMessage;
        if (msg.kind === 'hello' && !hello) {
          hello = true;
          client.received(msg);
          resolve(client);
        } else client.received(msg);
      });
      ws.addEventListener('error', () => hello || reject(new Error(`cannot connect to ${url}`)));
      ws.addEventListener('close', (ev) => {
        if (!hello) reject(new Error(`connection to ${url} closed (code ${ev.code}${ev.reason ? `: ${ev.reason}` : ''})`));
        client.closed({ code: ev.code, reason: ev.reason });
      });
    });
  }

  invoke<C extends InvokeChannel>(channel: C, payload: InvokeRequest<C>): Promise<InvokeResult<C>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve as Pending);
      this.sendRaw({ kind: 'invoke', id, channel, payload });
    });
  }

  on<C extends PushChannel>(channel: C, listener: (payload: PushPayloads[C]) => void): () => void {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener as (p: never) => void);
    return () => void set.delete(listener as (p: never) => void);
  }

  /** Every push, whatever its channel. */
  onPush(listener: (channel: PushChannel, payload: unknown) => void): () => void {
    this.pushListeners.add(listener);
    return () => void this.pushListeners.delete(listener);
  }

  /** Told once when the socket has closed, with the close frame's code and reason. */
  onClose(listener: (info: CloseInfo) => void): () => void {
    this.closeListeners.add(listener);
    return () => void this.closeListeners.delete(listener);
  }

  /** Log in with a broker user's credentials; resolves false when refused (or the socket closed first). */
  login(user: string, password: string): Promise<boolean> {
    return new Promise((resolve) => {
      this.loginWaiter = resolve;
      this.sendRaw({ kind: 'login', user, password });
    });
  }

  /** Send any text (tests use this to check how the host treats bad frames). */
  sendRaw(msg: WsClientMessage | string): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  close(): void {
    this.ws.close();
  }

  private received(msg: WsServerMessage): void {
    switch (msg.kind) {
      case 'hello':
        this.authenticated = msg.authenticated;
        this.user = msg.user;
        if (msg.authenticated) this.settleLogin(true);
        return;
      case 'result': {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        p?.(msg.result);
        return;
      }
      case 'push': {
        const payload: unknown = msg.payload;
        for (const l of this.listeners.get(msg.channel) ?? []) (l as (p: unknown) => void)(payload);
        for (const l of this.pushListeners) l(msg.channel, payload);
        return;
      }
      case 'error':
        if (msg.error.code === 'unauthorized' && this.loginWaiter) return this.settleLogin(false);
        this.errors.push(msg.error);
    }
  }

  private settleLogin(ok: boolean): void {
    const w = this.loginWaiter;
    this.loginWaiter = undefined;
    w?.(ok);
  }

  private closed(info: CloseInfo): void {
    for (const p of this.pending.values()) p({ ok: false, error: { code: 'unavailable', message: 'connection closed' } });
    this.pending.clear();
    this.settleLogin(false);
    for (const l of this.closeListeners) l(info);
  }
}
