import type { HostApi } from '../../../engine/host/contract.ts';
import { BRIDGE_KEY } from '../../../engine/host/contract.ts';
import type { EngineClient } from './engine-client.ts';
import { fromHostApi } from './engine-client.ts';

/** The preload's bridge on `window`, when the renderer runs in the desktop app. */
export function desktopBridge(): HostApi | undefined {
  const api = (window as unknown as Record<string, unknown>)[BRIDGE_KEY];
  if (typeof api !== 'object' || api === null) return undefined;
  const { invoke, on } = api as Partial<HostApi>;
  return typeof invoke === 'function' && typeof on === 'function' ? (api as HostApi) : undefined;
}

/**
 * The desktop client: a thin adapter over the preload's `window.brokerlab`
 * (contract.ts `HostApi`). IPC has no link to lose, so it is always open.
 */
export function ipcEngineClient(bridge: HostApi): EngineClient {
  return fromHostApi(bridge, 'ipc', {
    onLinkState: (listener) => {
      listener('open');
      return () => undefined;
    },
    close: () => undefined,
  });
}
