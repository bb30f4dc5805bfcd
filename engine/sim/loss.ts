import type { Message } from '../core/message.ts';
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
  const note = (m: Message): void => {
    const pid = numberHeader(m.properties.headers, H_PRODUCER);
    const seq = numberHeader(m.properties.headers, H_SEQ);
    if (pid !== pid || seq !== seq) return;
    const p = sim.producers[pid];
    if (p !== undefined && !p.ledger.has(seq)) held[pid]!.add(seq);
  };
  const remote = sim.transport.remote;
  if (!remote) {
    for (const v of sim.broker.vhosts.values()) {
      for (const q of v.queues.values()) for (const e of q.ready.peekMany(q.messageCount)) note(e.msg);
    }
    for (const conn of sim.broker.connections.values()) {
      for (const ch of conn.channels.values()) for (const d of ch.unacked.values()) note(d.entry.msg);
    }
  }
  for (const c of sim.consumers) c.forEachBuffered(note);
  return sim.producers.map((p, pid) => {
    const settled = p.ledger.settled;
    const inFlight = held[pid]!.size;
    const missing = Math.max(0, p.seq - settled - inFlight);
    // A remote broker's queues cannot be searched: what is missing may still be queued there.
    const lost = p.ledger.overflowed || (remote && missing > 0) ? null : missing;
    return { producer: p.ref.name, group: p.spec.id, published: p.counters.published, settled, inFlight, lost };
  });
}
