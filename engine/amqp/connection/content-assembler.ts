/**
 * Puts a published message back together on one channel: the basic.publish
 * method frame, then a content header, then body frames until the declared
 * body size is reached (spec §4.2.6). Other frames on the same channel in
 * between are 505 UNEXPECTED_FRAME, with RabbitMQ's wording
 * (rabbit_command_assembler); frames of other channels may interleave.
 */
import { AmqpError, preconditionFailed } from '../../core/errors.ts';
import type { BasicProperties } from '../../core/message.ts';
import { decodeContentHeader } from '../codec/index.ts';
import type { MethodOf } from '../codec/index.ts';

/** A complete publish. */
export interface AssembledPublish {
  method: MethodOf<'basic.publish'>;
  properties: BasicProperties;
  body: Buffer;
}

const EMPTY = Buffer.alloc(0);

/** 505 UNEXPECTED_FRAME, a connection error, attributed to basic.publish when one is pending. */
export function unexpectedFrame(text: string, publishing: boolean): AmqpError {
  return new AmqpError(505, text, { scope: 'connection', classId: publishing ? 60 : 0, methodId: publishing ? 40 : 0 });
}

/** The content state of one channel. */
export class ContentAssembler {
  private method: MethodOf<'basic.publish'> | undefined;
  private properties: BasicProperties | undefined;
  private body: Buffer | undefined;
  private size = 0;
  private received = 0;

  constructor(private readonly maxMessageSize: number) {}

  /** True while a method waits for its header or body. */
  get busy(): boolean {
    return this.method !== undefined;
  }

  /** basic.publish arrived: its content follows. */
  start(method: MethodOf<'basic.publish'>): void {
    this.method = method;
    this.properties = undefined;
  }

  /** A content header frame. Returns the message when its body is empty. */
  header(payload: Buffer): AssembledPublish | undefined {
    const method = this.method;
    if (method === undefined || this.properties !== undefined) {
      throw unexpectedFrame(
        method === undefined ? 'expected method frame, got non method frame instead' : 'expected content body, got non content body frame instead',
        method !== undefined,
      );
    }
    const h = decodeContentHeader(payload);
    if (h.bodySize > this.maxMessageSize) {
      this.reset();
      throw preconditionFailed(`message size ${h.bodySize} is larger than configured max size ${this.maxMessageSize}`).withMethod(60, 40);
    }
    this.properties = h.properties;
    this.size = h.bodySize;
    this.received = 0;
    if (h.bodySize === 0) return this.finish(EMPTY);
    this.body = undefined;
    return undefined;
  }

  /** A content body frame. Returns the message once the body is complete. */
  bodyFrame(payload: Buffer): AssembledPublish | undefined {
    if (this.method === undefined || this.properties === undefined) {
      throw unexpectedFrame(
        this.method === undefined
          ? 'expected method frame, got non method frame instead'
          : 'expected content header for class 60, got non content header frame instead',
        this.method !== undefined,
      );
    }
    const n = payload.length;
    if (this.received + n > this.size) {
      throw unexpectedFrame(`content body of ${this.received + n} bytes exceeds the ${this.size} bytes declared in its header`, true);
    }
    // A whole body in one frame: keep the view when it is most of its buffer (a large
    // message), else copy it so a small message does not pin a whole socket chunk.
    if (this.received === 0 && n === this.size) return this.finish(n * 2 >= payload.buffer.byteLength ? payload : Buffer.from(payload));
    if (this.body === undefined) this.body = Buffer.allocUnsafe(this.size);
    payload.copy(this.body, this.received);
    this.received += n;
    return this.received === this.size ? this.finish(this.body) : undefined;
  }

  /** A method frame arrived on this channel: fine only between messages. */
  checkMethodAllowed(): void {
    if (this.method === undefined) return;
    throw unexpectedFrame(
      this.properties === undefined
        ? 'expected content header for class 60, got non content header frame instead'
        : 'expected content body, got non content body frame instead',
      true,
    );
  }

  /** Forget a partial message (the channel closed). */
  reset(): void {
    this.method = undefined;
    this.properties = undefined;
    this.body = undefined;
  }

  private finish(body: Buffer): AssembledPublish {
    const out = { method: this.method!, properties: this.properties!, body };
    this.reset();
    return out;
  }
}
