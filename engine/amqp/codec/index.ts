/**
 * The pure AMQP 0-9-1 codec: bytes to frames, frames to methods and content,
 * and back. No I/O; the connection state machine and socket adapter sit above.
 */
export {
  BasicMethod,
  ChannelMethod,
  ClassId,
  ConfirmMethod,
  ConnectionMethod,
  CONTENT_HEADER_PREFIX_SIZE,
  ExchangeMethod,
  FRAME_END,
  FRAME_HEADER_SIZE,
  FRAME_MIN_SIZE,
  FRAME_OVERHEAD,
  FrameType,
  PROTOCOL_HEADER,
  QueueMethod,
  TxMethod,
} from './constants.ts';
export type { ClassIdValue, FrameTypeValue } from './constants.ts';
export { CodecError, CodecErrorCode } from './errors.ts';
export type { CodecErrorCodeValue, CodecErrorOptions } from './errors.ts';
export { decodeFieldTable, encodeFieldTable } from './field-table.ts';
export { hasContent, METHOD_DEFS, methodIds, methodName } from './method-defs.ts';
export type { AmqpMethod, AmqpMethodInput, MethodInputOf, MethodName, MethodOf, WireType } from './method-defs.ts';
export { decodeMethod, encodeMethod } from './method-codec.ts';
export { decodeContentHeader, encodeContentHeader, encodedProperties } from './content-header.ts';
export type { ContentHeader } from './content-header.ts';
export {
  encodeBodyFrames,
  encodeFrame,
  encodeHeaderFrame,
  encodeMethodFrame,
  HEARTBEAT_FRAME,
  maxBodyChunk,
} from './frame.ts';
export type { Frame } from './frame.ts';
export { FrameDecoder } from './frame-decoder.ts';
export type { FrameDecoderOptions } from './frame-decoder.ts';
export { encodeDelivery, writeDeliverInto } from './delivery.ts';
export type { ContentMethodInput, FrameSlab } from './delivery.ts';
export { parseProtocolHeader, PROTOCOL_HEADER_SIZE } from './protocol-header.ts';
export type { ProtocolHeaderResult } from './protocol-header.ts';
