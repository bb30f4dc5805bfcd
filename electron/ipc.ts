/**
 * Typed IPC wrappers for the main process. They are written against small
 * interfaces (what `ipcMain` and `webContents` offer) rather than electron
 * itself, so unit tests drive them without the Electron binary.
 */
import type { HostError, InvokeChannel, InvokePayload, InvokeResponses, InvokeResult, PushChannel, PushPayloads } from '../engine/host/contract.ts';
import { INVOKE_CHANNELS, parseInvoke } from '../engine/host/contract.ts';
import { toHostError } from '../engine/host/host-error.ts';

/** The part of an IPC event the wrappers read: who sent it. */
export interface IpcEventLike {
  /** The frame that sent the message; null once it navigated away or was destroyed. */
  readonly senderFrame: { readonly url: string } | null;
}

/** The part of `ipcMain` the wrappers use. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** The part of `webContents` pushes need. */
export interface WebContentsLike {
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

/** Decides whether a sender frame's URL belongs to the app. */
export type TrustedSender = (url: string) => boolean;

const FORBIDDEN: HostError = { code: 'forbidden-sender', message: 'IPC from a frame that is not the app' };

/** True when the event comes from a frame of the app's own origin (desktop/desktop's safe listener idea). */
export function isTrustedEvent(event: IpcEventLike, trusted: TrustedSender): boolean {
  const url = event.senderFrame?.url;
  return url !== undefined && trusted(url);
}

/**
 * Register one typed handler: the sender is checked, the payload validated
 * with the contract's schema, and every outcome (including a throw) comes back
 * as an `InvokeResult` value.
 */
export function handle<C extends InvokeChannel>(
  ipc: IpcMainLike,
  channel: C,
  trusted: TrustedSender,
  fn: (payload: InvokePayload<C>, event: IpcEventLike) => InvokeResponses[C] | Promise<InvokeResponses[C]>,
): void {
  ipc.handle(channel, async (event, payload): Promise<InvokeResult<C>> => {
    if (!isTrustedEvent(event, trusted)) return { ok: false, error: FORBIDDEN };
    const parsed = parseInvoke(channel, payload);
    if (!parsed.ok) return parsed;
    try {
      return { ok: true, value: await fn(parsed.payload as InvokePayload<C>, event) };
    } catch (e) {
      return { ok: false, error: toHostError(e) };
    }
  });
}

/** Something that answers every invoke channel (the host service). */
export interface InvokeTarget {
  invoke(channel: InvokeChannel, payload: unknown): Promise<InvokeResult<InvokeChannel>>;
}

/**
 * Register a handler for every channel of the contract: the sender is checked
 * here, the payload by `target` (the host service validates with the same
 * schemas). Returns an unregister function.
 */
export function registerHostHandlers(ipc: IpcMainLike, target: InvokeTarget, trusted: TrustedSender): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipc.handle(channel, (event, payload) => (isTrustedEvent(event, trusted) ? target.invoke(channel, payload) : { ok: false, error: FORBIDDEN }));
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) ipc.removeHandler(channel);
  };
}

/** Typed push to a window; a destroyed window is skipped (mockoon's isDestroyed check). */
export function push<C extends PushChannel>(contents: WebContentsLike | undefined, channel: C, payload: PushPayloads[C]): boolean {
  if (!contents || contents.isDestroyed()) return false;
  contents.send(channel, payload);
  return true;
}
