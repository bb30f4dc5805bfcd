import type { AmqpError } from './errors.ts';
import type { Command, CommandContext } from './commands.ts';
import type { DeadLetterReason } from './counters.ts';

/** Why a topology change happened. */
/** `shutdown`: the broker stopped and forgot its state (what is durable comes back from the store). */
export type TopologyCause = 'command' | 'auto-delete' | 'expired' | 'owner-closed' | 'cascade' | 'shutdown';

/** The engine's typed event map. Message events are emitted only while someone listens. */
export interface BrokerEvents {
  /** Every topology mutation, as the normalized command that reproduces it. */
  topology: { command: Command; cause: TopologyCause; ctx: CommandContext };
  'connection.opened': { connectionId: number; vhost: string; user: string; kind: string; name: string };
  'connection.closed': { connectionId: number; reason?: string };
  'channel.opened': { connectionId: number; channel: number };
  'channel.closed': { connectionId: number; channel: number };
  'consumer.created': { connectionId: number; channel: number; vhost: string; queue: string; tag: string };
  'consumer.cancelled': { connectionId: number; channel: number; vhost: string; queue: string; tag: string };
  /** A protocol error closed a channel or connection. */
  error: { connectionId: number; channel: number; error: AmqpError };
  'message.routed': {
    vhost: string;
    exchange: string;
    routingKey: string;
    messageId: number;
    queues: string[];
    outcome: 'routed' | 'returned' | 'dropped' | 'rejected';
    connectionId: number;
    channel: number;
  };
  /** The durable store finished recovery at start: what it restored and what it had to drop. */
  'store.recovered': {
    commands: number;
    messages: number;
    redelivered: number;
    dropped: { file: string; reason: string; bytes: number }[];
    /** One line for a log. */
    summary: string;
  };
  'message.deadLettered': { vhost: string; queue: string; messageId: number; reason: DeadLetterReason; exchange: string | undefined };
}
