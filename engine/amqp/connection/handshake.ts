/**
 * The opening of a connection (spec §2.2.4): connection.start and start-ok
 * with SASL, tune and tune-ok, then open. Pure steps; `AmqpConnection` calls
 * them in order and owns the state.
 */
import type { Broker } from '../../core/broker.ts';
import { AmqpError } from '../../core/errors.ts';
import type { FieldTable } from '../../core/field-value.ts';
import { isFieldTable } from '../../core/field-value.ts';
import type { MethodInputOf, MethodOf } from '../codec/index.ts';
import { FRAME_MIN_SIZE } from '../codec/index.ts';
import type { ResolvedServerOptions } from './options.ts';
import { isMechanism, MECHANISMS, parseSaslResponse } from './sasl.ts';
import type { TransportAddress } from './transport.ts';
import { isLoopbackAddress } from './transport.ts';

/** What the client said about itself in connection.start-ok. */
export interface ClientInfo {
  properties: FieldTable;
  /** consumer_cancel_notify: send basic.cancel when the broker cancels a consumer. */
  cancelNotify: boolean;
  /** connection.blocked: send blocked/unblocked. */
  blockedNotify: boolean;
  /** authentication_failure_close: report a failed login with connection.close instead of dropping the socket. */
  authFailureClose: boolean;
}

/** The negotiated limits (connection.tune-ok). */
export interface Tuning {
  channelMax: number;
  frameMax: number;
  heartbeat: number;
}

/** connection.start: version 0-9, server properties, mechanisms and locales. */
export function startMethod(opts: ResolvedServerOptions): MethodInputOf<'connection.start'> {
  return { name: 'connection.start', versionMajor: 0, versionMinor: 9, serverProperties: opts.serverProperties, mechanisms: MECHANISMS.join(' '), locales: 'en_US' };
}

/** connection.tune: what the server allows. */
export function tuneMethod(opts: ResolvedServerOptions): MethodInputOf<'connection.tune'> {
  return { name: 'connection.tune', channelMax: opts.channelMax, frameMax: opts.frameMax, heartbeat: opts.heartbeat };
}

/** Read the client's properties and capabilities. */
export function clientInfo(m: MethodOf<'connection.start-ok'>): ClientInfo {
  const raw = m.clientProperties['capabilities'];
  const caps: FieldTable = isFieldTable(raw) ? (raw as FieldTable) : {};
  const has = (name: string): boolean => caps[name] === true;
  return {
    properties: m.clientProperties,
    cancelNotify: has('consumer_cancel_notify'),
    blockedNotify: has('connection.blocked'),
    authFailureClose: has('authentication_failure_close'),
  };
}

/** A failed login: the error to send (when the client takes one) and what to log. */
export class LoginRefused extends Error {
  constructor(
    readonly error: AmqpError,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/**
 * Check start-ok's credentials. Unknown mechanism: 503 COMMAND_INVALID.
 * Bad credentials: `LoginRefused` with RabbitMQ's client-facing text, which
 * hides the reason; a loopback-only user (guest) from another address gets the
 * reason itself (docs/access-control.md §loopback-users).
 */
export function authenticate(broker: Broker, m: MethodOf<'connection.start-ok'>, peer: TransportAddress): string {
  const mech = m.mechanism;
  if (!isMechanism(mech)) {
    throw new AmqpError(503, `unknown authentication mechanism '${mech}'`, { scope: 'connection', classId: 10, methodId: 11 });
  }
  const creds = parseSaslResponse(mech, m.response);
  const refused = (detail: string, shown?: string): LoginRefused =>
    new LoginRefused(
      new AmqpError(403, shown ?? `Login was refused using authentication mechanism ${mech}. For details see the broker logfile.`, {
        scope: 'connection', classId: 10, methodId: 11,
      }),
      `${mech} login refused: ${detail}`,
    );
  if (!creds.ok) throw refused(creds.reason);
  if (broker.authenticate(creds.user, creds.password) === undefined) throw refused(`user '${creds.user}' - invalid credentials`);
  if (broker.options.loopbackUsers.includes(creds.user) && !isLoopbackAddress(peer.remoteAddress)) {
    const detail = `user '${creds.user}' can only connect via localhost`;
    throw refused(detail, `${mech} login refused: ${detail}`);
  }
  return creds.user;
}

/**
 * Check tune-ok against what was offered (rabbit_reader handle_method0
 * connection.tune_ok): 0 from the client takes the server's limit; more than
 * offered, or a frame-max under 4096, is 530 NOT_ALLOWED.
 */
export function negotiate(opts: ResolvedServerOptions, m: MethodOf<'connection.tune-ok'>): Tuning {
  const notAllowed = (text: string): AmqpError => new AmqpError(530, text, { scope: 'connection', classId: 10, methodId: 31 });
  if (m.channelMax > opts.channelMax) {
    throw notAllowed(`negotiated channel_max = ${m.channelMax} is higher than the maximum allowed value (${opts.channelMax})`);
  }
  if (m.frameMax !== 0 && m.frameMax < FRAME_MIN_SIZE) throw notAllowed(`frame_max=${m.frameMax} < ${FRAME_MIN_SIZE} min size`);
  if (opts.frameMax !== 0 && m.frameMax > opts.frameMax) {
    throw notAllowed(`negotiated frame_max = ${m.frameMax} is higher than the maximum allowed value (${opts.frameMax})`);
  }
  return {
    channelMax: m.channelMax === 0 ? opts.channelMax || 0xffff : m.channelMax,
    frameMax: m.frameMax === 0 ? opts.frameMax : m.frameMax,
    heartbeat: m.heartbeat,
  };
}

/** RabbitMQ's connection name: `peer:port -> local:port`, or the client's `connection_name`. */
export function connectionName(info: ClientInfo, peer: TransportAddress): string {
  const given = info.properties['connection_name'];
  if (typeof given === 'string' && given !== '') return given;
  return `${peer.remoteAddress}:${peer.remotePort} -> ${peer.localAddress}:${peer.localPort}`;
}
