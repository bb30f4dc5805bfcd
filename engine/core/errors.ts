/** AMQP 0-9-1 reply codes (spec §1.2 constants) with their spec names. */
export const ReplyCode = {
  SUCCESS: 200,
  CONTENT_TOO_LARGE: 311,
  NO_ROUTE: 312,
  NO_CONSUMERS: 313,
  CONNECTION_FORCED: 320,
  INVALID_PATH: 402,
  ACCESS_REFUSED: 403,
  NOT_FOUND: 404,
  RESOURCE_LOCKED: 405,
  PRECONDITION_FAILED: 406,
  FRAME_ERROR: 501,
  SYNTAX_ERROR: 502,
  COMMAND_INVALID: 503,
  CHANNEL_ERROR: 504,
  UNEXPECTED_FRAME: 505,
  RESOURCE_ERROR: 506,
  NOT_ALLOWED: 530,
  NOT_IMPLEMENTED: 540,
  INTERNAL_ERROR: 541,
} as const;

export type ReplyCodeName = keyof typeof ReplyCode;
export type ReplyCodeValue = (typeof ReplyCode)[ReplyCodeName];

const NAMES = new Map<number, ReplyCodeName>(
  Object.entries(ReplyCode).map(([k, v]) => [v, k as ReplyCodeName]),
);

/** The spec name of a reply code ("NOT_FOUND" for 404). */
export function replyCodeName(code: number): string {
  return NAMES.get(code) ?? `CODE_${code}`;
}

/** Hard errors close the connection; soft errors close only the channel (spec §1.2). */
export function isConnectionError(code: number): boolean {
  return code === 320 || code === 402 || code >= 500;
}

/** Scope an error closes. */
export type ErrorScope = 'channel' | 'connection';

/**
 * A protocol error: the reply code, what it closes, the failing method, and
 * RabbitMQ's wording ("NOT_FOUND - no queue 'x' in vhost '/'").
 */
export class AmqpError extends Error {
  readonly code: number;
  readonly scope: ErrorScope;
  /** AMQP class id of the failing method (0 when none). */
  readonly classId: number;
  /** AMQP method id of the failing method (0 when none). */
  readonly methodId: number;
  /** The reply text as sent on the wire: `NAME - detail`. */
  readonly replyText: string;

  constructor(code: number, detail: string, opts: { scope?: ErrorScope; classId?: number; methodId?: number } = {}) {
    const replyText = `${replyCodeName(code)} - ${detail}`;
    super(replyText);
    this.name = 'AmqpError';
    this.code = code;
    this.scope = opts.scope ?? (isConnectionError(code) ? 'connection' : 'channel');
    this.classId = opts.classId ?? 0;
    this.methodId = opts.methodId ?? 0;
    this.replyText = replyText;
  }

  /** The reply text without its `NAME - ` prefix. */
  get detail(): string {
    return this.replyText.slice(replyCodeName(this.code).length + 3);
  }

  /** The same error attributed to a method (the engine fills this in where it knows). */
  withMethod(classId: number, methodId: number): AmqpError {
    if (this.classId === classId && this.methodId === methodId) return this;
    return new AmqpError(this.code, this.detail, {
      scope: this.scope,
      classId,
      methodId,
    });
  }
}

/** Render a vhost for messages the way RabbitMQ does: `vhost '/'`. */
export function vh(vhost: string): string {
  return `vhost '${vhost}'`;
}

export const notFound = (what: 'queue' | 'exchange', name: string, vhost: string): AmqpError =>
  new AmqpError(404, `no ${what} '${name}' in ${vh(vhost)}`);

export const accessRefused = (detail: string): AmqpError => new AmqpError(403, detail);
export const preconditionFailed = (detail: string): AmqpError => new AmqpError(406, detail);
export const resourceLocked = (detail: string): AmqpError => new AmqpError(405, detail);
export const notAllowed = (detail: string): AmqpError => new AmqpError(530, detail, { scope: 'connection' });
export const commandInvalid = (detail: string): AmqpError => new AmqpError(503, detail, { scope: 'connection' });
export const channelError = (detail: string): AmqpError => new AmqpError(504, detail, { scope: 'connection' });
export const notImplemented = (detail: string): AmqpError => new AmqpError(540, detail, { scope: 'connection' });
