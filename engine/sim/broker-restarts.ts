import type { StoreAttachment } from '../store/attach-store.ts';
import { attachStoreNow, storeAttachmentOf } from '../store/attach-store.ts';
import { MemoryStore, MemoryStoreData } from '../store/memory-store.ts';
import { forEachHeld, simIds } from './loss.ts';
import type { RestartLoss } from './restart-loss.ts';
import { HeldCensus, emptyRestartLoss, restartLost } from './restart-loss.ts';
import type { Simulation } from './simulation.ts';
import type { TimelineLogEntry } from './timeline.ts';

/** One restart in progress. */
interface Restart {
  /** What was held when the broker stopped. */
  before: HeldCensus;
  redeclare: boolean;
  entry: TimelineLogEntry;
  downtimeMs: number;
  notConfirmed: number;
}

/**
 * Broker restarts in a run. The restart goes through the durability path:
 * the broker's own store attachment if the host gave it one (a file store),
 * or else a memory store attached for the run, whose confirms follow the
 * simulation's clock. Each restart stops the broker (every connection gets
 * 320 CONNECTION_FORCED; everything in memory goes), waits out the
 * downtime, and starts it again from the store, in place. What was held
 * before and is missing after is attributed to the restart, per producer.
 */
export class BrokerRestarts {
  private readonly loss = new Map<number, RestartLoss>();
  private state: 'up' | 'down' | 'starting' = 'up';

  private constructor(
    private readonly sim: Simulation,
    private readonly att: StoreAttachment,
    /** Attached for this run (closed at its end); otherwise the host's. */
    private readonly own: boolean,
  ) {}

  /** Use the broker's store, or attach a memory store for the run. Call before any message flows. */
  static forRun(sim: Simulation): BrokerRestarts {
    const host = storeAttachmentOf(sim.broker);
    if (host) return new BrokerRestarts(sim, host, false);
    const s = sim.scheduler;
    const syncMs = sim.scenario.broker.storeSyncTime ?? 0;
    const store = new MemoryStore(new MemoryStoreData(), { defer: (fn) => void s.setTimeout(fn, syncMs) });
    return new BrokerRestarts(sim, attachStoreNow(sim.broker, store), true);
  }

  /** The broker is stopped (or starting again). */
  get down(): boolean {
    return this.state !== 'up';
  }

  /** What restarts took of producer `pid`'s messages. */
  lossOf(pid: number): RestartLoss {
    const r = this.loss.get(pid) ?? emptyRestartLoss();
    return { ...r, republished: this.sim.producers[pid]?.republished ?? 0 };
  }

  /** Restart now: stop, and start again `downtimeMs` later. `entry` gets the outcome. */
  restart(downtimeMs: number, redeclare: boolean, entry: TimelineLogEntry): void {
    if (this.state !== 'up') {
      entry.ok = false;
      entry.error = 'the broker is already restarting';
      return;
    }
    const sim = this.sim;
    const r: Restart = { before: this.census(), redeclare, entry, downtimeMs, notConfirmed: 0 };
    const unconfirmed = sim.producers.map((p) => p.notConfirmed);
    this.state = 'down';
    this.att.stopBroker().catch((e: unknown) => this.failed(entry, e));
    // Closing the connections made each confirming producer give up what was in flight.
    sim.producers.forEach((p, pid) => {
      const n = p.notConfirmed - unconfirmed[pid]!;
      if (n <= 0) return;
      this.lossFor(pid).notConfirmed += n;
      r.notConfirmed += n;
    });
    sim.scheduler.setTimeout(() => this.start(r), downtimeMs);
  }

  /** The run ends: a stopped broker starts again (the host keeps using it); a store attached for the run is closed. */
  close(): void {
    if (this.state === 'down') {
      this.state = 'starting';
      if (this.att.canStartNow) this.att.startBrokerNow();
      else void this.att.startBroker().catch(() => undefined);
    }
    if (this.own) void this.att.close();
  }

  private start(r: Restart): void {
    if (this.state !== 'down') return;
    this.state = 'starting';
    if (this.att.canStartNow) {
      this.att.startBrokerNow();
      this.recovered(r);
    } else {
      this.att.startBroker().then(() => this.recovered(r), (e: unknown) => this.failed(r.entry, e));
    }
  }

  private recovered({ before, redeclare, entry, downtimeMs, notConfirmed }: Restart): void {
    this.state = 'up';
    const sim = this.sim;
    const lost = new Map<number, RestartLoss>();
    before.lostSince(this.census(), sim.broker, (pid) => {
      let r = lost.get(pid);
      if (!r) lost.set(pid, (r = emptyRestartLoss()));
      return r;
    });
    const sum = emptyRestartLoss();
    for (const [pid, r] of lost) {
      const t = this.lossFor(pid);
      for (const k of ['transient', 'queueGone', 'clientBuffer', 'other'] as const) {
        t[k] += r[k];
        sum[k] += r[k];
      }
    }
    if (redeclare) {
      const issues = sim.redeclareTopology();
      if (issues.length > 0) {
        entry.ok = false;
        entry.error = `redeclaring the topology failed: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
      }
    }
    const r = this.att.report;
    entry.detail =
      `down ${downtimeMs} ms; the store gave back ${r.messages} messages (${r.redelivered} redelivered); ` +
      `lost ${restartLost(sum)}: ${sum.transient} transient, ${sum.queueGone} in queues that did not survive, ` +
      `${sum.clientBuffer} in auto-ack consumer buffers${sum.other > 0 ? `, ${sum.other} other` : ''}; ${notConfirmed} publishes not confirmed`;
  }

  private failed(entry: TimelineLogEntry, e: unknown): void {
    entry.ok = false;
    entry.error = `the broker did not restart: ${(e as Error).message}`;
  }

  private lossFor(pid: number): RestartLoss {
    let r = this.loss.get(pid);
    if (!r) this.loss.set(pid, (r = emptyRestartLoss()));
    return r;
  }

  /** Every unsettled simulated message held now, and where. */
  private census(): HeldCensus {
    const c = new HeldCensus();
    const producers = this.sim.producers;
    forEachHeld(this.sim, (m, q) => {
      const [pid, seq] = simIds(m);
      const p = producers[pid];
      if (p !== undefined && !p.ledger.has(seq)) c.add(pid, seq, m, q);
    });
    return c;
  }
}
