/**
 * The AMQP 0-9-1 wire server: a transport-agnostic connection state machine
 * over the engine. Adapters (TCP, in-memory) feed it bytes.
 */
export { AmqpServer } from './amqp-server.ts';
export { AmqpConnection } from './amqp-connection.ts';
export type { ConnectionState } from './amqp-connection.ts';
export type { Transport, TransportAddress } from './transport.ts';
export { isLoopbackAddress } from './transport.ts';
export type { AmqpServerOptions, MemoryWatermarkOptions } from './options.ts';
export { DEFAULT_CHANNEL_MAX, DEFAULT_FRAME_MAX, DEFAULT_HEARTBEAT, DEFAULT_MAX_MESSAGE_SIZE, SERVER_CAPABILITIES } from './options.ts';
export { MemoryAlarm, queuedBodyBytes } from './memory-alarm.ts';
