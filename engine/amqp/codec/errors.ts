/**
 * The codec's one error type. Every failure to read bytes off the wire is a
 * connection-level exception in AMQP 0-9-1, so each carries the reply code the
 * connection should close with.
 */

/** Reply codes the codec raises (spec §1.2 constants). */
export const CodecErrorCode = {
  /** Malformed framing: bad frame-end octet, oversize or unknown frame type. */
  FRAME_ERROR: 501,
  /** A frame whose contents do not parse: truncation, bad field type tag. */
  SYNTAX_ERROR: 502,
  /** Well-formed bytes that make no sense here, e.g. content for a class without content. */
  COMMAND_INVALID: 503,
  /**
   * A class or method id this codec does not know. Chosen over 503 because
   * the frame is valid; the peer asked for functionality the broker lacks.
   */
  NOT_IMPLEMENTED: 540,
} as const;

/** One of the reply codes in `CodecErrorCode`. */
export type CodecErrorCodeValue = (typeof CodecErrorCode)[keyof typeof CodecErrorCode];

const CODE_NAMES: Record<CodecErrorCodeValue, string> = {
  501: 'FRAME_ERROR',
  502: 'SYNTAX_ERROR',
  503: 'COMMAND_INVALID',
  540: 'NOT_IMPLEMENTED',
};

/** Optional attribution of a codec error to the method being read. */
export interface CodecErrorOptions {
  /** Class id of the method being decoded, when known. */
  classId?: number;
  /** Method id of the method being decoded, when known. */
  methodId?: number;
}

/**
 * A protocol violation found while encoding or decoding. `message` names what
 * is wrong ("unknown field type 'Q' in table at key 'foo'"); `code` is the
 * AMQP reply code to close the connection with.
 */
export class CodecError extends Error {
  /** AMQP reply code: 501, 502, 503 or 540. */
  readonly code: CodecErrorCodeValue;
  /** Class id of the offending method, or 0. */
  readonly classId: number;
  /** Method id of the offending method, or 0. */
  readonly methodId: number;

  constructor(code: CodecErrorCodeValue, message: string, opts: CodecErrorOptions = {}) {
    super(message);
    this.name = 'CodecError';
    this.code = code;
    this.classId = opts.classId ?? 0;
    this.methodId = opts.methodId ?? 0;
  }

  /** The spec name of the reply code, e.g. "FRAME_ERROR". */
  get codeName(): string {
    return CODE_NAMES[this.code];
  }

  /** The reply text RabbitMQ would send: `SYNTAX_ERROR - <message>`. */
  get replyText(): string {
    return `${this.codeName} - ${this.message}`;
  }
}

/** Shorthand for the common case: a 502 syntax error. */
export function syntaxError(message: string, opts?: CodecErrorOptions): CodecError {
  return new CodecError(CodecErrorCode.SYNTAX_ERROR, message, opts);
}

/** Shorthand for a 501 frame error. */
export function frameError(message: string): CodecError {
  return new CodecError(CodecErrorCode.FRAME_ERROR, message);
}
