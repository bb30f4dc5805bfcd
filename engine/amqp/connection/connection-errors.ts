/**
 * Turning whatever went wrong while reading a client's input into the
 * connection.close the spec asks for: protocol errors keep their reply code;
 * anything unexpected is 541 INTERNAL_ERROR, and only that client goes.
 */
import { AmqpError } from '../../core/errors.ts';
import { CodecError } from '../codec/index.ts';

/** Any error as a connection-scoped `AmqpError`: codec errors keep their code, anything else is 541. */
export function toConnectionError(e: unknown): AmqpError {
  if (e instanceof AmqpError) return e.scope === 'connection' ? e : new AmqpError(e.code, detailOf(e), { scope: 'connection', classId: e.classId, methodId: e.methodId });
  if (e instanceof CodecError) return new AmqpError(e.code, e.message, { scope: 'connection', classId: e.classId, methodId: e.methodId });
  return new AmqpError(541, `internal error: ${e instanceof Error ? e.message : String(e)}`, { scope: 'connection' });
}

function detailOf(e: AmqpError): string {
  const i = e.replyText.indexOf(' - ');
  return i < 0 ? e.replyText : e.replyText.slice(i + 3);
}
