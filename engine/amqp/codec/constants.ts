/**
 * Wire constants of AMQP 0-9-1 as RabbitMQ speaks it: frame types, class and
 * method ids, and the protocol header. Plain `as const` objects rather than
 * enums, so the values survive type stripping and tree shaking alike.
 */

/** Frame types (spec §4.2.3, constants FRAME-METHOD … FRAME-HEARTBEAT). */
export const FrameType = {
  METHOD: 1,
  HEADER: 2,
  BODY: 3,
  HEARTBEAT: 8,
} as const;

/** One of the four frame type octets. */
export type FrameTypeValue = (typeof FrameType)[keyof typeof FrameType];

/** The octet that closes every frame (spec constant FRAME-END, 0xCE). */
export const FRAME_END = 0xce;

/** Bytes before a frame's payload: type (1), channel (2), size (4). */
export const FRAME_HEADER_SIZE = 7;

/** Bytes a frame adds around its payload: the 7-byte header plus FRAME_END. */
export const FRAME_OVERHEAD = 8;

/**
 * Smallest frame-max a peer may negotiate, and the largest frame either peer
 * must accept before tuning (spec constant FRAME-MIN-SIZE).
 */
export const FRAME_MIN_SIZE = 4096;

/** Bytes of a content header before its property flags: class, weight, body size. */
export const CONTENT_HEADER_PREFIX_SIZE = 12;

/** Class ids of the 0-9-1 class definitions; 85 confirm is RabbitMQ's extension. */
export const ClassId = {
  CONNECTION: 10,
  CHANNEL: 20,
  EXCHANGE: 40,
  QUEUE: 50,
  BASIC: 60,
  CONFIRM: 85,
  TX: 90,
} as const;

/** One of the class ids this codec knows. */
export type ClassIdValue = (typeof ClassId)[keyof typeof ClassId];

/** Method ids of class connection (10), including RabbitMQ's blocked and update-secret. */
export const ConnectionMethod = {
  START: 10,
  START_OK: 11,
  SECURE: 20,
  SECURE_OK: 21,
  TUNE: 30,
  TUNE_OK: 31,
  OPEN: 40,
  OPEN_OK: 41,
  CLOSE: 50,
  CLOSE_OK: 51,
  BLOCKED: 60,
  UNBLOCKED: 61,
  UPDATE_SECRET: 70,
  UPDATE_SECRET_OK: 71,
} as const;

/** Method ids of class channel (20). */
export const ChannelMethod = {
  OPEN: 10,
  OPEN_OK: 11,
  FLOW: 20,
  FLOW_OK: 21,
  CLOSE: 40,
  CLOSE_OK: 41,
} as const;

/** Method ids of class exchange (40); bind/unbind are RabbitMQ's exchange-to-exchange extension. */
export const ExchangeMethod = {
  DECLARE: 10,
  DECLARE_OK: 11,
  DELETE: 20,
  DELETE_OK: 21,
  BIND: 30,
  BIND_OK: 31,
  UNBIND: 40,
  /** 51, not 41: RabbitMQ's numbering. */
  UNBIND_OK: 51,
} as const;

/** Method ids of class queue (50). */
export const QueueMethod = {
  DECLARE: 10,
  DECLARE_OK: 11,
  BIND: 20,
  BIND_OK: 21,
  PURGE: 30,
  PURGE_OK: 31,
  DELETE: 40,
  DELETE_OK: 41,
  UNBIND: 50,
  UNBIND_OK: 51,
} as const;

/** Method ids of class basic (60); nack (120) is RabbitMQ's extension. */
export const BasicMethod = {
  QOS: 10,
  QOS_OK: 11,
  CONSUME: 20,
  CONSUME_OK: 21,
  CANCEL: 30,
  CANCEL_OK: 31,
  PUBLISH: 40,
  RETURN: 50,
  DELIVER: 60,
  GET: 70,
  GET_OK: 71,
  GET_EMPTY: 72,
  ACK: 80,
  REJECT: 90,
  RECOVER_ASYNC: 100,
  RECOVER: 110,
  RECOVER_OK: 111,
  NACK: 120,
} as const;

/** Method ids of class confirm (85). */
export const ConfirmMethod = {
  SELECT: 10,
  SELECT_OK: 11,
} as const;

/** Method ids of class tx (90). */
export const TxMethod = {
  SELECT: 10,
  SELECT_OK: 11,
  COMMIT: 20,
  COMMIT_OK: 21,
  ROLLBACK: 30,
  ROLLBACK_OK: 31,
} as const;

/**
 * The protocol header a 0-9-1 client opens with (spec §4.2.2): "AMQP", protocol
 * id 0, then version 0-9-1. Also what a server answers a mismatched header with.
 */
export const PROTOCOL_HEADER: Readonly<Uint8Array> = Uint8Array.of(0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1);
