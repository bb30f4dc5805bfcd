import type { Channel } from '../../core/channel.ts';
import type { Connection } from '../../core/connection.ts';
import { NODE, argsJson, messageStats, withDetails } from './rabbit-json.ts';
import type { Json } from './rabbit-json.ts';
import type { RateSampler } from './rate-sampler.ts';

/** No TLS here: RabbitMQ's certificate and cipher fields, all null. */
const NO_TLS = {
  peer_cert_issuer: null,
  peer_cert_subject: null,
  peer_cert_validity: null,
  ssl_cipher: null,
  ssl_hash: null,
  ssl_key_exchange: null,
  ssl_protocol: null,
};

export function connectionJson(c: Connection, rates: RateSampler): Json {
  const o = c.options;
  const real = c.kind === 'amqp';
  const w = o.wire;
  // A network connection counts socket bytes, as RabbitMQ's inet statistics do; a simulated one, message bytes.
  const octets = { recv_oct: w ? w.recvOct : c.counters.bytesIn, send_oct: w ? w.sendOct : c.counters.bytesOut };
  return {
    // The listener names real connections as RabbitMQ does: `peer:port -> host:port`.
    name: c.name,
    node: NODE,
    vhost: c.vhost.name,
    user: c.user,
    user_who_performed_action: c.user,
    state: c.blocked ? 'blocked' : 'running',
    type: real ? 'network' : 'direct',
    protocol: 'AMQP 0-9-1',
    auth_mechanism: 'PLAIN',
    ssl: false,
    ...NO_TLS,
    host: w?.localHost ?? null,
    port: w?.localPort ?? null,
    peer_host: o.peerHost ?? null,
    peer_port: o.peerPort ?? null,
    channel_max: w?.channelMax ?? null,
    frame_max: w?.frameMax ?? null,
    timeout: w?.heartbeat ?? null,
    connected_at: c.createdAt,
    channels: c.channels.size,
    client_properties: argsJson(o.clientProperties ?? {}),
    brokerlab_kind: real ? 'real' : c.kind,
    recv_cnt: w?.recvCnt ?? 0,
    send_cnt: w?.sendCnt ?? 0,
    // Brokerlab hands bytes to the socket as it writes them; nothing waits in a send queue of its own.
    send_pend: 0,
    ...withDetails(octets, rates.rates(`c:${c.id}`, octets)),
  };
}

/** A channel's name in the management API: `connection name (number)`. */
export function channelName(c: Connection, ch: Channel): string {
  return `${c.name} (${ch.id})`;
}

export function channelJson(c: Connection, ch: Channel, rates: RateSampler): Json {
  const stats = messageStats(ch.counters);
  return {
    name: channelName(c, ch),
    number: ch.id,
    node: NODE,
    vhost: c.vhost.name,
    user: c.user,
    user_who_performed_action: c.user,
    connection_details: { name: c.name, peer_host: c.options.peerHost ?? null, peer_port: c.options.peerPort ?? null },
    state: ch.flow ? 'running' : 'flow',
    confirm: ch.mode === 'confirm',
    transactional: ch.mode === 'tx',
    consumer_count: ch.consumers.size,
    messages_unacknowledged: ch.unacked.size,
    messages_unconfirmed: ch.unconfirmed,
    messages_uncommitted: 0,
    acks_uncommitted: 0,
    // One node, no Raft: nothing is ever waiting on a quorum queue's commit here.
    pending_raft_commands: 0,
    prefetch_count: ch.consumerPrefetch,
    global_prefetch_count: ch.channelPrefetch,
    message_stats: withDetails(stats, rates.rates(`ch:${c.id}:${ch.id}`, stats)),
  };
}

/** A channel as a consumer or a delivery names it (`channel_details`). */
export function channelDetails(ch: Channel): Json {
  const c = ch.connection;
  return { name: channelName(c, ch), number: ch.id, node: NODE, connection_name: c.name, peer_host: c.options.peerHost ?? null, peer_port: c.options.peerPort ?? null, user: c.user };
}
