import type { HostApi, InvokeChannel, InvokeRequest, InvokeResult, PushChannel, PushPayloads } from '../../../engine/host/contract.ts';
import type { CloseInfo, WebSocketLike } from '../../../engine/host/ws-client.ts';
import { WsHostClient } from '../../../engine/host/ws-client.ts';
import type { LinkState } from './engine-client.ts';

/** Waits before each reconnection attempt after a loss; the last one repeats. */
export const RECONNECT_DELAYS_MS: readonly number[] = [250, 500, 1000, 2000, 4000, 5000];

export interface ReconnectOptions {
  create?: (url: string) => WebSocketLike;
  delays?: readonly number[];
  /** Run `fn` after `ms` (a timer); returns its cancel function. */
  later?: (fn: () => void, ms: number) => () => void;
}

type LinkListener = (state: LinkState, detail?: string) => void;

const CLOSE_CODES: Record<number, string> = {
  1000: 'closed normally',
  1001: 'the host went away',
  1002: 'a protocol error',
  1006: 'the connection broke without a closing handshake',
  1009: 'a message was too big',
  1011: 'the host hit an internal error',
};

/** A socket's close as a sentence, with its code and reason: "The socket closed with code 1006 (the connection broke …)." */
export function describeClose(info: CloseInfo): string {
  const what = CLOSE_CODES[info.code];
  return `The socket closed with code ${info.code}${what ? ` (${what})` : ''}${info.reason ? `: ${info.reason}` : ''}.`;
}

/**
 * The host contract over a WebSocket that comes back: when the socket closes
 * (host restarted, network or laptop asleep) it reconnects with growing waits,
 * logs in again as before, and reports the link as `reconnecting` meanwhile,
 * with why it was lost. Push listeners carry over to each new socket; calls
 * made while the link is down answer `unavailable` at once. It gives up
 * (`closed`) only when the host no longer accepts the session.
 */
export class ReconnectingHost implements HostApi {
  private host: WsHostClient | undefined;
  private readonly listeners = new Map<PushChannel, Set<(p: never) => void>>();
  private readonly linkListeners = new Set<LinkListener>();
  private state: LinkState = 'connecting';
  private detail: string | undefined;
  private credentials: { user: string; password: string } | undefined;
  /** Whether the host has taken this session (token, basic auth or a login): a new socket must be too. */
  private signedIn = false;
  private attempt = 0;
  private cancelRetry: (() => void) | undefined;
  private stopped = false;
  private readonly create: (url: string) => WebSocketLike;
  private readonly delays: readonly number[];
  private readonly later: NonNullable<ReconnectOptions['later']>;

  private constructor(
    private readonly url: string,
    opts: ReconnectOptions,
  ) {
    this.create = opts.create ?? ((u) => new WebSocket(u));
    this.delays = opts.delays ?? RECONNECT_DELAYS_MS;
    this.later =
      opts.later ??
      ((fn, ms) => {
        const t = setTimeout(fn, ms);
        return () => clearTimeout(t);
      });
  }

  /** Connect the first time; rejects when the host cannot be reached at all (nothing to come back to). */
  static async connect(url: string, opts: ReconnectOptions = {}): Promise<ReconnectingHost> {
    const r = new ReconnectingHost(url, opts);
    const { host, closed } = await r.open();
    if (closed()) throw new Error(`connection to ${url} closed`);
    r.up(host);
    return r;
  }

  /** Whether the host took the socket without a login (the owner's token, or basic auth). */
  get authenticated(): boolean {
    return this.host?.authenticated ?? false;
  }

  get linkState(): LinkState {
    return this.state;
  }

  invoke<C extends InvokeChannel>(channel: C, payload: InvokeRequest<C>): Promise<InvokeResult<C>> {
    if (!this.host || this.state !== 'open') {
      return Promise.resolve({ ok: false, error: { code: 'unavailable', message: `not connected to the host (${this.state}). ${this.detail ?? ''}`.trim() } });
    }
    return this.host.invoke(channel, payload);
  }

  on<C extends PushChannel>(channel: C, listener: (payload: PushPayloads[C]) => void): () => void {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener as (p: never) => void);
    return () => void set.delete(listener as (p: never) => void);
  }

  /** Told of every change of the link (and at once of the current state), with why it was lost. */
  onLinkState(listener: LinkListener): () => void {
    this.linkListeners.add(listener);
    listener(this.state, this.detail);
    return () => void this.linkListeners.delete(listener);
  }

  /** Log in with a broker user's credentials; kept (in memory) to log in again after a reconnect. */
  async login(user: string, password: string): Promise<boolean> {
    if (!this.host) return false;
    const ok = await this.host.login(user, password);
    if (ok) {
      this.credentials = { user, password };
      this.signedIn = true;
    }
    return ok;
  }

  /** Close for good: no reconnecting. */
  close(): void {
    this.stopped = true;
    this.cancelRetry?.();
    this.cancelRetry = undefined;
    const open = this.state === 'open';
    this.host?.close();
    // An open socket reports its own close; otherwise there is nothing left to wait for.
    if (!open) this.setState('closed', this.detail);
  }

  /** Open one socket; `closed()` says whether it closed before it was handed on. */
  private async open(): Promise<{ host: WsHostClient; closed: () => boolean }> {
    let closedWith: CloseInfo | undefined;
    const host = await WsHostClient.connect(this.url, this.create, (c) => {
      c.onPush((channel, payload) => {
        if (this.host === c) for (const l of this.listeners.get(channel) ?? []) (l as (p: unknown) => void)(payload);
      });
      c.onClose((info) => {
        closedWith = info;
        if (this.host === c && this.state === 'open') this.lost(info);
      });
      // Pushes may follow the hello in the same read: they belong to this socket from the start.
      this.host = c;
    });
    return { host, closed: () => closedWith !== undefined };
  }

  private up(host: WsHostClient): void {
    this.host = host;
    this.signedIn ||= host.authenticated;
    this.attempt = 0;
    this.setState('open', undefined);
  }

  private lost(info: CloseInfo): void {
    const why = describeClose(info);
    if (this.stopped) return this.setState('closed', why);
    this.setState('reconnecting', why);
    this.retryLater();
  }

  private retryLater(): void {
    if (this.stopped) return;
    const delay = this.delays[Math.min(this.attempt, this.delays.length - 1)] ?? 1000;
    this.attempt++;
    this.cancelRetry = this.later(() => void this.retry(), delay);
  }

  private async retry(): Promise<void> {
    this.cancelRetry = undefined;
    if (this.stopped) return;
    let opened: Awaited<ReturnType<ReconnectingHost['open']>>;
    try {
      opened = await this.open();
    } catch {
      return this.retryLater();
    }
    const { host, closed } = opened;
    if (this.stopped) return host.close();
    if (this.signedIn && !host.authenticated) {
      const ok = this.credentials !== undefined && (await host.login(this.credentials.user, this.credentials.password));
      if (!ok && !closed()) {
        // The host is up but does not know this session (it restarted with a new token, or the user is gone).
        this.stopped = true;
        host.close();
        const why = this.credentials ? 'The host refused the saved login' : "The host no longer accepts this page's token (it restarted with a new one)";
        return this.setState('closed', `${why}: reload the page to log in again.`);
      }
    }
    if (this.stopped) return host.close();
    if (closed()) return this.retryLater();
    this.up(host);
  }

  private setState(state: LinkState, detail: string | undefined): void {
    this.state = state;
    this.detail = detail;
    for (const l of this.linkListeners) l(state, detail);
  }
}
