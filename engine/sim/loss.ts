import type { Message } from '../core/message.ts';
import type { Queue } from '../core/queue.ts';
import type { RestartLoss } from './restart-loss.ts';
import { H_PRODUCER, H_SEQ, numberHeader } from './sim-headers.ts';
import type { Simulation } from './simulation.ts';

/** Loss per producer instance: accepted by the broker, then neither handled nor still held anywhere. */
export interface LossCount {
  /** Producer instance name (`p#1`). */
  producer: string;
  group: string;
  published: number;
  /** Handled by a consumer, or never accepted (unroutable, returned, nacked). */
  settled: number;
  /** Still in a queue, unacked on a channel, or in a consumer's buffer. */
  inFlight: number;
  /** null when the ledger overflowed and cannot tell. */
  lost: number | null;
  /** Runs with a broker restart: what the restarts took of this producer's messages, and why (part of `lost`). */
  restart?: RestartLoss;
}

/**
 * Every simulated message the embedded broker or a consumer still holds:
 * ready in a queue, unacked on a channel (`queue` is where it came from),
 * or in a simulated consumer's buffer (`queue` undefined).
 */
export function forEachHeld(sim: Simulation, fn: (m: Message, queue: Queue | undefined) => void): void {
  if (!sim.transport.remote) {
    for (const v of sim.broker.vhosts.values()) {
      for (const q of v.queues.values()) for (const e of q.ready.peekMany(q.messageCount)) fn(e.msg, q);
    }
    for (const conn of sim.broker.connections.values()) {
      for (const ch of conn.channels.values()) for (const d of ch.unacked.values()) fn(d.entry.msg, d.queue);
    }
  }
  for (const c of sim.consumers) c.forEachBuffered((m) => fn(m, undefined));
}

/** A simulated message's producer index and sequence number (NaN when it has none). */
export function simIds(m: Message): [pid: number, seq: number] {
  return [numberHeader(m.properties.headers, H_PRODUCER), numberHeader(m.properties.headers, H_SEQ)];
}

/**
 * Count lost messages without changing anything (against a remote broker,
 * only a run where every message was handled can tell: `lost` is 0 or null): every message the broker
 * still holds (ready in a queue, unacked on any channel, buffered in a
 * simulated consumer) is found by its producer headers; whatever a producer
 * published that is neither settled nor held is lost.
 */
export function countLoss(sim: Simulation): LossCount[] {
  const held = sim.producers.map(() => new Set<number>());
  forEachHeld(sim, (m) => {
    const [pid, seq] = simIds(m);
    if (pid !== pid || seq !== seq) return;
    const p = sim.producers[pid];
    if (p !== undefined && !p.ledger.has(seq)) held[pid]!.add(seq);
  });
  const remote = sim.transport.remote;
  return sim.producers.map((p, pid) => {
    const settled = p.ledger.settled;
    const inFlight = held[pid]!.size;
    const missing = Math.max(0, p.seq - settled - inFlight);
    // A remote broker's queues cannot be searched: what is missing may still be queued there.
    const lost = p.ledger.overflowed || (remote && missing > 0) ? null : missing;
    const out: LossCount = { producer: p.ref.name, group: p.spec.id, published: p.counters.published, settled, inFlight, lost };
    if (sim.restarts) out.restart = sim.restarts.lossOf(pid);
    return out;
  });
}
