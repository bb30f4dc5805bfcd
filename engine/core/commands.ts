import type { FieldTable } from './field-value.ts';

/** Exchange types the engine knows. */
export type ExchangeTypeName = 'direct' | 'fanout' | 'topic' | 'headers';
export type DestinationType = 'queue' | 'exchange';
export type QueueType = 'classic' | 'quorum';

/**
 * Every topology change is one of these, applied by `Broker.apply`. The UI,
 * definitions import, the AMQP listener and persistence replay all speak them.
 */
export type Command =
  | { type: 'vhost.add'; name: string; description?: string; defaultQueueType?: QueueType; tags?: string[] }
  | { type: 'vhost.delete'; name: string }
  | {
      type: 'user.add';
      name: string;
      /** RabbitMQ-style base64(salt ++ hash(salt ++ password)); '' for a user who cannot log in with a password. */
      passwordHash: string;
      hashingAlgorithm?: string;
      tags: string[];
    }
  | { type: 'user.delete'; name: string }
  | { type: 'permission.set'; user: string; vhost: string; configure: string; write: string; read: string }
  | { type: 'permission.clear'; user: string; vhost: string }
  /** Topic authorisation: routing-key regexes for one topic exchange (docs/access-control.md). */
  | { type: 'topic-permission.set'; user: string; vhost: string; exchange: string; write: string; read: string }
  /** Without `exchange`, clears every topic permission of the user in the vhost (rabbitmqctl clear_topic_permissions). */
  | { type: 'topic-permission.clear'; user: string; vhost: string; exchange?: string }
  | {
      type: 'exchange.declare';
      vhost: string;
      name: string;
      exchangeType: string;
      durable: boolean;
      autoDelete: boolean;
      internal: boolean;
      arguments: FieldTable;
      passive?: boolean;
    }
  | { type: 'exchange.delete'; vhost: string; name: string; ifUnused?: boolean }
  | {
      type: 'queue.declare';
      vhost: string;
      /** '' asks the server for a name (`amq.gen-…`). */
      name: string;
      durable: boolean;
      exclusive: boolean;
      autoDelete: boolean;
      arguments: FieldTable;
      passive?: boolean;
    }
  | { type: 'queue.delete'; vhost: string; name: string; ifUnused?: boolean; ifEmpty?: boolean }
  | { type: 'queue.purge'; vhost: string; name: string }
  | {
      type: 'policy.set';
      vhost: string;
      name: string;
      /** A regular expression matched against queue and exchange names. */
      pattern: string;
      /** Default 'all'. */
      applyTo?: 'queues' | 'exchanges' | 'all' | 'classic_queues' | 'quorum_queues';
      /** Default 0; the highest-priority match applies. */
      priority?: number;
      definition: FieldTable;
    }
  | { type: 'policy.clear'; vhost: string; name: string }
  | {
      type: 'binding.add' | 'binding.remove';
      vhost: string;
      source: string;
      destination: string;
      destinationType: DestinationType;
      routingKey: string;
      arguments: FieldTable;
    };

export type CommandType = Command['type'];

/** Who applies a command: permissions and exclusive ownership are checked against it. */
export interface CommandContext {
  /** The acting user; undefined for the broker itself (UI, import, replay): all permitted. */
  user?: string;
  /** The acting connection's id: owner of exclusive queues it declares. */
  connectionId?: number;
}

/** What `Broker.apply` returns for each command. */
export type CommandResult =
  | { type: 'queue.declare'; name: string; messageCount: number; consumerCount: number; created: boolean }
  | { type: 'queue.delete' | 'queue.purge'; messageCount: number }
  | { type: 'exchange.declare'; created: boolean }
  | { type: 'ok' };
