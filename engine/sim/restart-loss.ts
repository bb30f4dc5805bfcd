import type { Broker } from '../core/broker.ts';
import type { Message } from '../core/message.ts';
import type { Queue } from '../core/queue.ts';

/**
 * What broker restarts took of one producer's messages, and why. The
 * categories are found by comparing what was held before the stop with what
 * the store gave back, not predicted from flags.
 */
export interface RestartLoss {
  /** Non-persistent messages in queues that came back (RabbitMQ's classic queues drop them on restart). */
  transient: number;
  /** Messages in queues that did not come back: non-durable, exclusive, or auto-delete queues that lost their consumers. */
  queueGone: number;
  /** Auto-ack deliveries waiting in a consumer's buffer when its connection closed. */
  clientBuffer: number;
  /** Anything else (a persistent message in a durable queue should never be here). */
  other: number;
  /** Publishes whose confirm never came because the restart closed the connection (in doubt: they may have arrived). */
  notConfirmed: number;
  /** Unconfirmed publishes sent again after reconnecting (`confirm.republish`). */
  republished: number;
}

export function emptyRestartLoss(): RestartLoss {
  return { transient: 0, queueGone: 0, clientBuffer: 0, other: 0, notConfirmed: 0, republished: 0 };
}

/** The lost part of a `RestartLoss`. */
export function restartLost(r: RestartLoss): number {
  return r.transient + r.queueGone + r.clientBuffer + r.other;
}

/** Where one held message was when the broker stopped. */
interface Place {
  /** `vhost\0name` of its queue; undefined for a consumer's buffer. */
  queue: string | undefined;
  persistent: boolean;
}

/** The messages held at one moment, by producer and sequence number. */
export class HeldCensus {
  private readonly byProducer = new Map<number, Map<number, Place>>();

  /** Note one held message (`queue` undefined: in a consumer's buffer). A queue copy wins over a buffered one. */
  add(pid: number, seq: number, m: Message, queue: Queue | undefined): void {
    let seqs = this.byProducer.get(pid);
    if (!seqs) this.byProducer.set(pid, (seqs = new Map()));
    if (queue === undefined && seqs.has(seq)) return;
    seqs.set(seq, { queue: queue && `${queue.vhost}\u0000${queue.name}`, persistent: m.properties.deliveryMode === 2 });
  }

  has(pid: number, seq: number): boolean {
    return this.byProducer.get(pid)?.has(seq) ?? false;
  }

  /**
   * Add to `out` (by producer) what is in this census and not in `after`,
   * classified by where it was: the broker (after its restart) tells which
   * queues came back.
   */
  lostSince(after: HeldCensus, broker: Broker, out: (pid: number) => RestartLoss): void {
    const queueBack = (key: string): boolean => {
      const i = key.indexOf('\u0000');
      return broker.vhost(key.slice(0, i))?.queues.has(key.slice(i + 1)) ?? false;
    };
    for (const [pid, seqs] of this.byProducer) {
      for (const [seq, place] of seqs) {
        if (after.has(pid, seq)) continue;
        const r = out(pid);
        if (place.queue === undefined) r.clientBuffer++;
        else if (!queueBack(place.queue)) r.queueGone++;
        else if (!place.persistent) r.transient++;
        else r.other++;
      }
    }
  }
}
