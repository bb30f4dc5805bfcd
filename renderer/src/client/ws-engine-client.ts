import { WS_PATH } from '../../../engine/host/ws-protocol.ts';
import type { EngineClient } from './engine-client.ts';
import { fromHostApi } from './engine-client.ts';
import { ReconnectingHost } from './reconnecting-host.ts';

const TOKEN_KEY = 'brokerlab.token';

/**
 * The owner's token from the URL the web host printed (`?token=`). It is kept
 * for this tab's session and removed from the address bar, so it does not
 * end up in bookmarks or screenshots.
 */
export function takeToken(): string | undefined {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

/** The `/ws` URL on the page's own host. */
export function socketUrl(token: string | undefined): string {
  const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const q = token ? `?token=${encodeURIComponent(token)}` : '';
  return `${proto}//${window.location.host}${WS_PATH}${q}`;
}

/** A connected WebSocket client, and whether the host accepted it without a login. */
export interface WsConnection {
  client: EngineClient;
  authenticated: boolean;
  login(user: string, password: string): Promise<boolean>;
}

/**
 * The browser-mode client: the contract over `/ws` (engine/host/ws-client.ts)
 * adapted to `EngineClient`. A lost socket is reconnected (reconnecting-host.ts)
 * and reported as the link state, with its close code and reason.
 */
export async function connectWebSocket(url: string): Promise<WsConnection> {
  const host = await ReconnectingHost.connect(url);
  const client = fromHostApi(host, 'websocket', { onLinkState: (l) => host.onLinkState(l), close: () => host.close() });
  return { client, authenticated: host.authenticated, login: (u, p) => host.login(u, p) };
}
