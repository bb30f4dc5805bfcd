import type {
  HostApi,
  HostError,
  InvokeChannel,
  InvokeRequest,
  InvokeResponses,
  PushChannel,
  PushPayloads,
} from '../../../engine/host/contract.ts';

/** Whether the link to the host is up; `reconnecting` after it was lost, until it is back; `closed` for good. */
export type LinkState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Told of the link's state, and (once lost) why: the close code and reason in words. */
export type LinkListener = (state: LinkState, detail?: string) => void;

/**
 * What the renderer needs from a host: the contract's invoke and push
 * channels, plus the link's state. The WebSocket client (browser mode) and
 * the preload bridge (desktop) both implement it; nothing else in the
 * renderer knows which one it talks to.
 */
export interface EngineClient {
  readonly transport: 'ipc' | 'websocket';
  /** Call a channel; resolves with its value or rejects with an `EngineCallError`. */
  call<C extends InvokeChannel>(channel: C, payload: InvokeRequest<C>): Promise<InvokeResponses[C]>;
  /** Listen to a push channel; returns the unsubscribe function. */
  on<C extends PushChannel>(channel: C, listener: (payload: PushPayloads[C]) => void): () => void;
  /** Told when the link opens, is lost or comes back (and at once of its state now); returns the unsubscribe function. */
  onLinkState(listener: LinkListener): () => void;
  close(): void;
}

/** A failed call, carrying the host's error (for `amqp` errors, RabbitMQ's own wording). */
export class EngineCallError extends Error {
  constructor(
    readonly channel: InvokeChannel,
    readonly error: HostError,
  ) {
    super(error.message);
    this.name = 'EngineCallError';
  }

  /** The AMQP reply code, when the broker refused the operation. */
  get replyCode(): number | undefined {
    return this.error.replyCode;
  }
}

/** The message of anything a call threw, as a user should read it. */
export function errorText(e: unknown): string {
  if (e instanceof EngineCallError) {
    const issue = e.error.issues?.[0];
    return issue && e.error.code === 'bad-request' && !e.message.includes(issue.message) ? `${e.message} (${issue.path}: ${issue.message})` : e.message;
  }
  return e instanceof Error ? e.message : String(e);
}

/** Adapt any `HostApi` (the bridge or the WebSocket client) to an `EngineClient`. */
export function fromHostApi(
  api: HostApi,
  transport: EngineClient['transport'],
  link: { onLinkState: EngineClient['onLinkState']; close: () => void },
): EngineClient {
  return {
    transport,
    async call(channel, payload) {
      const r = await api.invoke(channel, payload);
      if (r.ok) return r.value;
      throw new EngineCallError(channel, r.error);
    },
    on: (channel, listener) => api.on(channel, listener),
    onLinkState: link.onLinkState,
    close: link.close,
  };
}
