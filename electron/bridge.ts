/**
 * The API the preload exposes to the page, built against a small `ipcRenderer`
 * interface so tests can check it without Electron. Its allow-lists are the
 * contract's: a channel that is not in `INVOKE_CHANNELS` / `PUSH_CHANNELS`
 * never reaches IPC.
 */
import type { HostApi, InvokeChannel, InvokeRequest, InvokeResult, PushChannel, PushPayloads } from '../engine/host/contract.ts';
import { INVOKE_CHANNELS, PUSH_CHANNELS, isInvokeChannel, isPushChannel } from '../engine/host/contract.ts';

/** The part of `ipcRenderer` the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

/** What `window.brokerlab` is in the desktop app. */
export interface DesktopBridge extends HostApi {
  readonly mode: 'desktop';
  /** The channels this bridge will carry (the contract's allow-lists). */
  readonly channels: { readonly invoke: readonly InvokeChannel[]; readonly push: readonly PushChannel[] };
}

/** Build the bridge. Listeners get only the payload, never the IPC event (it exposes `sender`). */
export function createBridge(ipc: IpcRendererLike): DesktopBridge {
  return {
    mode: 'desktop',
    channels: { invoke: [...INVOKE_CHANNELS], push: [...PUSH_CHANNELS] },
    invoke<C extends InvokeChannel>(channel: C, payload: InvokeRequest<C>): Promise<InvokeResult<C>> {
      if (!isInvokeChannel(channel)) {
        return Promise.resolve({ ok: false, error: { code: 'unknown-channel', message: `unknown channel ${String(channel)}` } });
      }
      return ipc.invoke(channel, payload) as Promise<InvokeResult<C>>;
    },
    on<C extends PushChannel>(channel: C, listener: (payload: PushPayloads[C]) => void): () => void {
      if (!isPushChannel(channel)) throw new Error(`unknown push channel ${String(channel)}`);
      const wrapped = (_event: unknown, payload: unknown): void => listener(payload as PushPayloads[C]);
      ipc.on(channel, wrapped);
      return () => void ipc.removeListener(channel, wrapped);
    },
  };
}
