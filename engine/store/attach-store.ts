import type { Broker } from '../core/broker.ts';
import type { Command } from '../core/commands.ts';
import type { Queue } from '../core/queue.ts';
import { QueueRestorer } from '../core/restore.ts';
import { DurableTopologyFilter, isDurableQueue, topologyCommands } from './durable-topology.ts';
import type { RecoveryReport } from './recovery-report.ts';
import { summarize } from './recovery-report.ts';
import type { DroppedData, MessageRef, MessageStore, RecoveredMessage } from './store.ts';
import { StoreBridge } from './store-bridge.ts';

export interface AttachOptions {
  /** Where the one-line recovery summary (and each drop) is written. */
  log?: (line: string) => void;
  /** Compact the command log once it holds this many commands (or more than the snapshot has). Default 1000. */
  compactAfter?: number;
}

/** A broker with a store attached. */
export interface StoreAttachment {
  readonly store: MessageStore;
  readonly report: RecoveryReport;
  /** Stop logging topology, flush and close the store. */
  close(): Promise<void>;
}

/**
 * Give a freshly built broker a durable store: recover what the store holds
 * (topology replayed as commands, then messages in queue order), then log
 * every durable topology change and every persistent message from now on.
 * A store that is damaged still opens: what could not be read is dropped and
 * reported (`report`, a log line and the broker's `store.recovered` event).
 */
export async function attachStore(broker: Broker, store: MessageStore, opts: AttachOptions = {}): Promise<StoreAttachment> {
  const log = opts.log ?? (() => {});
  const topo = await store.loadTopology();
  const failed: string[] = [];
  // A store whose topology could not be read at all keeps the broker's defaults,
  // so someone can still log in and look; the report says what was lost.
  if (!topo.fresh && topo.commands.length > 0) {
    resetToBlank(broker);
    for (const cmd of topo.commands) {
      const r = broker.apply(cmd);
      if (!r.ok) failed.push(`${cmd.type} failed on replay: ${r.error.message}`);
    }
  }
  const bridge = new StoreBridge(store);
  broker.store = bridge;
  const restored = await restoreMessages(broker, store, bridge, topo.dropped.length > 0);
  let snapshotSize = 0;
  const compact = (): void => {
    const cmds = topologyCommands(broker);
    store.snapshot(cmds);
    snapshotSize = cmds.length;
  };
  compact();
  const filter = new DurableTopologyFilter(broker);
  const compactAfter = opts.compactAfter ?? 1000;
  const off = broker.events.on('topology', ({ command }) => {
    if (command.type === 'queue.delete') bridge.dropQueue(command.vhost, command.name);
    else if (command.type === 'vhost.delete') bridge.dropVhost(command.name);
    if (!filter.accept(command)) return;
    store.logCommand(command);
    if (store.commandsSinceSnapshot >= Math.max(compactAfter, snapshotSize)) compact();
  });
  const report: RecoveryReport = {
    fresh: topo.fresh,
    commands: topo.commands.length,
    failedCommands: failed,
    messages: restored.messages,
    redelivered: restored.redelivered,
    orphaned: restored.orphaned,
    rescuedQueues: restored.rescued,
    dropped: [...topo.dropped, ...restored.dropped],
    summary: '',
  };
  report.summary = summarize(report);
  log(report.summary);
  for (const d of report.dropped) log(`store: dropped ${d.bytes} bytes of ${d.file}: ${d.reason}`);
  for (const f of failed) log(`store: ${f}`);
  broker.events.emit('store.recovered', { commands: report.commands, messages: report.messages, redelivered: report.redelivered, dropped: report.dropped, summary: report.summary });
  return {
    store,
    report,
    close: async () => {
      off();
      if (broker.store === bridge) broker.store = undefined;
      await store.close();
    },
  };
}

/** A store with data replaces the defaults a new broker starts with (guest, `/`). */
function resetToBlank(b: Broker): void {
  const blank: Command[] = [
    ...[...b.users.keys()].map((name): Command => ({ type: 'user.delete', name })),
    ...[...b.vhosts.keys()].map((name): Command => ({ type: 'vhost.delete', name })),
  ];
  for (const c of blank) b.execute(c);
}

interface Restored {
  messages: number;
  redelivered: number;
  orphaned: number;
  rescued: string[];
  dropped: DroppedData[];
}

/**
 * Restore every recovered message into its queue. A message whose queue is
 * gone is removed, unless the topology itself was damaged: then the queue's
 * declaration may be what was lost, so the queue is recreated (durable,
 * classic, no arguments) rather than its messages thrown away.
 */
async function restoreMessages(broker: Broker, store: MessageStore, bridge: StoreBridge, rescue: boolean): Promise<Restored> {
  const restorers = new Map<Queue, QueueRestorer>();
  const orphans: MessageRef[] = [];
  const rescued: string[] = [];
  let redelivered = 0;
  const each = (m: RecoveredMessage): void => {
    let q = broker.vhost(m.queue.vhost)?.queues.get(m.queue.name);
    if (!q && rescue) {
      q = recreateQueue(broker, m.queue.vhost, m.queue.name);
      if (q) rescued.push(`${m.queue.vhost}/${m.queue.name}`);
    }
    if (!q || !isDurableQueue(q)) return void orphans.push(m.ref);
    let r = restorers.get(q);
    if (!r) restorers.set(q, (r = new QueueRestorer(q)));
    const msg = broker.newMessage(m.exchange, m.routingKey, m.properties, m.body, m.publishedAt);
    bridge.track(q, r.restore(msg, m), m.ref);
    if (m.delivered) redelivered++;
  };
  const rec = await store.loadMessages(each);
  for (const ref of orphans) store.remove(ref);
  for (const r of restorers.values()) r.finish();
  const dropped = [...rec.dropped];
  return { messages: rec.messages - orphans.length, redelivered, orphaned: orphans.length, rescued, dropped };
}

function recreateQueue(b: Broker, vhost: string, name: string): Queue | undefined {
  if (!b.vhost(vhost) && !b.apply({ type: 'vhost.add', name: vhost }).ok) return undefined;
  const r = b.apply({ type: 'queue.declare', vhost, name, durable: true, exclusive: false, autoDelete: false, arguments: {} });
  return r.ok ? b.vhost(vhost)?.queues.get(name) : undefined;
}
