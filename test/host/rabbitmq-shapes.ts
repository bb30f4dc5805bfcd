/**
 * Fields RabbitMQ's management API documents for each object
 * (docs/http-api-reference.md and the management UI's templates), with their
 * JSON types. The tests check Brokerlab's answers carry each of them.
 */
type JsonType = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null' | 'string|null' | 'number|null';

export const QUEUE_FIELDS: Record<string, JsonType> = {
  name: 'string',
  vhost: 'string',
  type: 'string',
  durable: 'boolean',
  auto_delete: 'boolean',
  exclusive: 'boolean',
  arguments: 'object',
  node: 'string',
  state: 'string',
  consumers: 'number',
  consumer_utilisation: 'number',
  messages: 'number',
  messages_ready: 'number',
  messages_unacknowledged: 'number',
  messages_details: 'object',
  messages_ready_details: 'object',
  messages_unacknowledged_details: 'object',
  message_bytes: 'number',
  message_bytes_ready: 'number',
  message_bytes_unacknowledged: 'number',
  exclusive_consumer_tag: 'string|null',
  message_stats: 'object',
};

export const EXCHANGE_FIELDS: Record<string, JsonType> = {
  name: 'string',
  vhost: 'string',
  type: 'string',
  durable: 'boolean',
  auto_delete: 'boolean',
  internal: 'boolean',
  arguments: 'object',
  user_who_performed_action: 'string',
};

export const BINDING_FIELDS: Record<string, JsonType> = {
  source: 'string',
  vhost: 'string',
  destination: 'string',
  destination_type: 'string',
  routing_key: 'string',
  arguments: 'object',
  properties_key: 'string',
};

export const VHOST_FIELDS: Record<string, JsonType> = {
  name: 'string',
  description: 'string',
  tags: 'array',
  default_queue_type: 'string',
  metadata: 'object',
  tracing: 'boolean',
  messages: 'number',
  messages_ready: 'number',
  messages_unacknowledged: 'number',
};

export const CONNECTION_FIELDS: Record<string, JsonType> = {
  name: 'string',
  node: 'string',
  vhost: 'string',
  user: 'string',
  state: 'string',
  type: 'string',
  protocol: 'string',
  auth_mechanism: 'string',
  peer_host: 'string|null',
  peer_port: 'number|null',
  connected_at: 'number',
  channels: 'number',
  client_properties: 'object',
  ssl: 'boolean',
};

export const CHANNEL_FIELDS: Record<string, JsonType> = {
  name: 'string',
  number: 'number',
  node: 'string',
  vhost: 'string',
  user: 'string',
  connection_details: 'object',
  state: 'string',
  confirm: 'boolean',
  transactional: 'boolean',
  consumer_count: 'number',
  messages_unacknowledged: 'number',
  messages_unconfirmed: 'number',
  messages_uncommitted: 'number',
  acks_uncommitted: 'number',
  prefetch_count: 'number',
  global_prefetch_count: 'number',
};

export const OVERVIEW_FIELDS: Record<string, JsonType> = {
  management_version: 'string',
  rates_mode: 'string',
  exchange_types: 'array',
  rabbitmq_version: 'string',
  cluster_name: 'string',
  message_stats: 'object',
  queue_totals: 'object',
  object_totals: 'object',
  node: 'string',
  listeners: 'array',
  contexts: 'array',
};

/** `POST /api/queues/{vhost}/{name}/get`, one message. */
export const GET_MESSAGE_FIELDS: Record<string, JsonType> = {
  payload_bytes: 'number',
  redelivered: 'boolean',
  exchange: 'string',
  routing_key: 'string',
  message_count: 'number',
  properties: 'object',
  payload: 'string',
  payload_encoding: 'string',
};

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** The fields of `expected` that `actual` lacks or has with another JSON type. */
export function shapeMismatches(actual: unknown, expected: Record<string, JsonType>): string[] {
  const o = (actual ?? {}) as Record<string, unknown>;
  const bad: string[] = [];
  for (const [k, t] of Object.entries(expected)) {
    if (!(k in o)) bad.push(`${k}: missing`);
    else if (!t.split('|').includes(typeOf(o[k]))) bad.push(`${k}: ${typeOf(o[k])}, expected ${t}`);
  }
  return bad;
}
