import type { Broker } from './broker.ts';
import { AmqpError } from './errors.ts';
import { removeQueue } from './topology.ts';
import type { VirtualHost } from './vhost.ts';

/**
 * What a stopping RabbitMQ node sends every client: 320 CONNECTION_FORCED,
 * "broker forced connection closure with reason 'shutdown'" (rabbit_networking).
 */
export function connectionForced(reason = 'shutdown'): AmqpError {
  return new AmqpError(320, `broker forced connection closure with reason '${reason}'`, { scope: 'connection' });
}

/**
 * Stop the broker as a RabbitMQ node stops (`rabbitmqctl stop_app`), in
 * RabbitMQ's order: refuse new connections; close every connection with 320
 * CONNECTION_FORCED (channels requeue their unacked messages, exclusive
 * queues go with their owners and auto-delete queues with their last
 * consumer); then forget everything held only in memory: every vhost with
 * its exchanges, bindings and queues (and their messages), users and
 * permissions. Each removal is a `topology` event with cause `shutdown`, so
 * a graph empties as the node goes down.
 *
 * What comes back on start is only what a durable store replays
 * (engine/store): detach the store after the connections are closed and
 * before the state is forgotten, or it would log the forgetting.
 */
export function closeAllConnections(b: Broker, reason = 'shutdown'): void {
  b.running = false;
  const err = connectionForced(reason);
  for (const c of [...b.connections.values()]) c.forceClose(err);
}

/** Forget the broker's state (second half of a stop; see `closeAllConnections`). */
export function forgetState(b: Broker): void {
  for (const v of [...b.vhosts.values()]) forgetVhost(b, v);
  for (const name of [...b.users.keys()]) {
    b.users.delete(name);
    b.permissions.clearUser(name);
    b.topicPermissions.clearUser(name);
    b.topologyChanged({ type: 'user.delete', name }, 'shutdown');
  }
}

function forgetVhost(b: Broker, v: VirtualHost): void {
  // Exchanges first, so dropping the queues' bindings auto-deletes nothing.
  for (const x of [...v.exchanges.values()]) {
    x.deleted = true;
    v.exchanges.delete(x.name);
    if (x.name !== '' && !x.name.startsWith('amq.')) b.topologyChanged({ type: 'exchange.delete', vhost: v.name, name: x.name }, 'shutdown');
  }
  for (const q of [...v.queues.values()]) {
    removeQueue(b, v, q);
    b.topologyChanged({ type: 'queue.delete', vhost: v.name, name: q.name }, 'shutdown');
  }
  v.bindings.clear();
  b.vhosts.delete(v.name);
  b.permissions.clearVhost(v.name);
  b.topicPermissions.clearVhost(v.name);
  b.topologyChanged({ type: 'vhost.delete', name: v.name }, 'shutdown');
}
