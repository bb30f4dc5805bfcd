/**
 * The host contract carried over a WebSocket (`/ws` on the web host): the same
 * channels as IPC, framed as JSON messages.
 *
 * Authentication: the upgrade request may carry `Authorization: Basic …` or a
 * `?token=` query parameter (the URL the web host prints has one). Otherwise
 * the socket opens unauthenticated (`hello.authenticated: false`) and the
 * client sends `login` with a broker user's credentials; invokes before that
 * answer `unauthorized`. Pushes start once authenticated.
 */
import { z } from 'zod';
import type { HostError, InvokeChannel, InvokeResult, PushChannel, PushPayloads } from './contract.ts';

/** The WebSocket's path on the web host. */
export const WS_PATH = '/ws';

/** Messages a client sends. Validated on arrival; a bad frame gets an `error` reply and the socket stays up. */
export const wsClientMessageSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('invoke'),
    /** Chosen by the client; echoed in the `result`. */
    id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    channel: z.string().max(100),
    payload: z.unknown(),
  }),
  z.strictObject({ kind: z.literal('login'), user: z.string().max(255), password: z.string().max(1024) }),
]);
export type WsClientMessage = z.output<typeof wsClientMessageSchema>;

/** Messages the host sends. */
export type WsServerMessage =
  | { kind: 'hello'; authenticated: boolean; user: string | null; contractVersion: number }
  | { kind: 'result'; id: number; result: InvokeResult<InvokeChannel> }
  | { [C in PushChannel]: { kind: 'push'; channel: C; payload: PushPayloads[C] } }[PushChannel]
  /** A frame that could not be read (no id to answer to), or a failed login. */
  | { kind: 'error'; error: HostError };
