import { AmqpError } from '../core/errors.ts';
import type { HostError, HostErrorCode } from './contract.ts';

/** A failure a host operation reports to its caller (not a bug): it becomes a `HostError`. */
export class HostFailure extends Error {
  constructor(
    readonly code: HostErrorCode,
    message: string,
    /** Validation problems, one per offending field. */
    readonly issues?: readonly { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'HostFailure';
  }
}

/** Turn anything thrown by an operation into the error value sent back. Unexpected errors hide their stack. */
export function toHostError(e: unknown): HostError {
  if (e instanceof HostFailure) return e.issues ? { code: e.code, message: e.message, issues: [...e.issues] } : { code: e.code, message: e.message };
  if (e instanceof AmqpError) return { code: 'amqp', message: e.replyText, replyCode: e.code };
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}
