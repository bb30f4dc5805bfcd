import type { Broker } from '../core/broker.ts';
import type { Command } from '../core/commands.ts';
import type { Queue } from '../core/queue.ts';
import { QueueRestorer } from '../core/restore.ts';
import { isDurableQueue } from './durable-topology.ts';
import type { RecoveryReport } from './recovery-report.ts';
import { summarize } from './recovery-report.ts';
import type { MessageRecovery, MessageRef, MessageStore, RecoveredMessage, TopologyRecovery } from './store.ts';
import type { StoreBridge } from './store-bridge.ts';

/**
 * One recovery of a broker from its store, in the store's two phases: the
 * topology replayed as commands, then each message restored into its queue
 * in queue order. The same steps serve a store read asynchronously (files)
 * and one read at once (memory).
 */
export class Recovery {
  private readonly failed: string[] = [];
  private readonly restorers = new Map<Queue, QueueRestorer>();
  private readonly orphans: MessageRef[] = [];
  private readonly rescued: string[] = [];
  private redelivered = 0;
  private rescue = false;
  private topo: TopologyRecovery = { fresh: true, commands: [], dropped: [] };

  constructor(
    private readonly broker: Broker,
    private readonly store: MessageStore,
    private readonly bridge: StoreBridge,
  ) {}

  /** Phase one: replay the durable topology (a store with data replaces a new broker's defaults). */
  replayTopology(topo: TopologyRecovery): void {
    this.topo = topo;
    // A store whose topology could not be read at all keeps the broker's defaults,
    // so someone can still log in and look; the report says what was lost.
    if (!topo.fresh && topo.commands.length > 0) {
      resetToBlank(this.broker);
      for (const cmd of topo.commands) {
        const r = this.broker.apply(cmd);
        if (!r.ok) this.failed.push(`${cmd.type} failed on replay: ${r.error.message}`);
      }
    }
    this.rescue = topo.dropped.length > 0;
  }

  /**
   * Phase two, per message. A message whose queue is gone is removed, unless
   * the topology itself was damaged: then the queue's declaration may be
   * what was lost, so the queue is recreated (durable, classic, no
   * arguments) rather than its messages thrown away.
   */
  readonly restore = (m: RecoveredMessage): void => {
    const b = this.broker;
    let q = b.vhost(m.queue.vhost)?.queues.get(m.queue.name);
    if (!q && this.rescue) {
      q = recreateQueue(b, m.queue.vhost, m.queue.name);
      if (q) this.rescued.push(`${m.queue.vhost}/${m.queue.name}`);
    }
    if (!q || !isDurableQueue(q)) return void this.orphans.push(m.ref);
    let r = this.restorers.get(q);
    if (!r) this.restorers.set(q, (r = new QueueRestorer(q)));
    const msg = b.newMessage(m.exchange, m.routingKey, m.properties, m.body, m.publishedAt);
    this.bridge.track(q, r.restore(msg, m), m.ref);
    if (m.delivered) this.redelivered++;
  };

  /** Every message read: drop the orphans, put the restored messages in place, and report. */
  finish(rec: MessageRecovery): RecoveryReport {
    for (const ref of this.orphans) this.store.remove(ref);
    for (const r of this.restorers.values()) r.finish();
    const topo = this.topo;
    const report: RecoveryReport = {
      fresh: topo.fresh,
      commands: topo.commands.length,
      failedCommands: this.failed,
      messages: rec.messages - this.orphans.length,
      redelivered: this.redelivered,
      orphaned: this.orphans.length,
      rescuedQueues: this.rescued,
      dropped: [...topo.dropped, ...rec.dropped],
      summary: '',
    };
    report.summary = summarize(report);
    return report;
  }
}

/** A store with data replaces the defaults a new broker starts with (guest, `/`). */
function resetToBlank(b: Broker): void {
  const blank: Command[] = [
    ...[...b.users.keys()].map((name): Command => ({ type: 'user.delete', name })),
    ...[...b.vhosts.keys()].map((name): Command => ({ type: 'vhost.delete', name })),
  ];
  for (const c of blank) b.execute(c);
}

function recreateQueue(b: Broker, vhost: string, name: string): Queue | undefined {
  if (!b.vhost(vhost) && !b.apply({ type: 'vhost.add', name: vhost }).ok) return undefined;
  const r = b.apply({ type: 'queue.declare', vhost, name, durable: true, exclusive: false, autoDelete: false, arguments: {} });
  return r.ok ? b.vhost(vhost)?.queues.get(name) : undefined;
}
