import type { Broker } from '../core/broker.ts';
import { closeAllConnections, forgetState } from '../core/shutdown.ts';
import { DurableTopologyFilter, topologyCommands } from './durable-topology.ts';
import { adoptHeld, heldPersistentMessages } from './held-messages.ts';
import { Recovery } from './recovery.ts';
import type { RecoveryReport } from './recovery-report.ts';
import type { ImmediateStore, MessageRecovery, MessageStore } from './store.ts';
import { isImmediateStore } from './store.ts';
import { StoreBridge } from './store-bridge.ts';

export interface AttachOptions {
  /** Where the one-line recovery summary (and each drop) is written. */
  log?: (line: string) => void;
  /** Compact the command log once it holds this many commands (or more than the snapshot has). Default 1000. */
  compactAfter?: number;
}

/** The attachment of each broker that has one (a simulation looks for the host's). */
const attachments = new WeakMap<Broker, StoreAttachment>();

/** The store attachment of `broker`, if it has one. */
export function storeAttachmentOf(broker: Broker): StoreAttachment | undefined {
  return attachments.get(broker);
}

/**
 * A broker with a durable store attached: it logs every durable topology
 * change and every persistent message. It can also stop the broker and
 * start it again in place (the same `Broker` object), as a RabbitMQ node
 * restarts: everything goes, then what the store holds comes back.
 */
export class StoreAttachment {
  /** What the last recovery restored and dropped. */
  report!: RecoveryReport;
  private current: MessageStore;
  private bridge: StoreBridge;
  private off: (() => void) | undefined;
  private state: 'running' | 'stopped' | 'starting' | 'closed' = 'starting';
  private closing: Promise<void> = Promise.resolve();

  constructor(
    readonly broker: Broker,
    store: MessageStore,
    private readonly opts: AttachOptions = {},
  ) {
    this.current = store;
    this.bridge = new StoreBridge(store);
    attachments.set(broker, this);
  }

  /** The store in use (a restart opens a new one on the same data). */
  get store(): MessageStore {
    return this.current;
  }

  /** True between `stopBroker` and the end of the next start. */
  get stopped(): boolean {
    return this.state === 'stopped' || this.state === 'starting';
  }

  /** Can the broker start again synchronously (a memory store; a virtual-time simulation needs it)? */
  get canStartNow(): boolean {
    return isImmediateStore(this.current);
  }

  /** Recover from the store (I/O allowed). */
  async recover(): Promise<RecoveryReport> {
    const store = this.current;
    const held = heldPersistentMessages(this.broker);
    const rec = new Recovery(this.broker, store, this.bridge);
    rec.replayTopology(await store.loadTopology());
    this.broker.store = this.bridge;
    const messages = await store.loadMessages(rec.restore);
    adoptHeld(this.bridge, held);
    return this.recovered(rec, messages);
  }

  /** Recover from a store that needs no I/O, before returning. */
  recoverNow(): RecoveryReport {
    const store = this.current;
    if (!isImmediateStore(store)) throw new Error('this store recovers asynchronously: use recover()');
    const held = heldPersistentMessages(this.broker);
    const rec = new Recovery(this.broker, store, this.bridge);
    rec.replayTopology(store.loadTopologyNow());
    this.broker.store = this.bridge;
    const messages = store.loadMessagesNow(rec.restore);
    // A broker that already ran: its persistent messages are on disk from now on, as they would be on RabbitMQ.
    adoptHeld(this.bridge, held);
    return this.recovered(rec, messages);
  }

  /**
   * Stop the broker as a RabbitMQ node stops (engine/core/shutdown.ts):
   * every connection closed with 320 CONNECTION_FORCED while the store still
   * listens (auto-delete queues that lose their consumers are gone for good),
   * then the store is detached and the broker forgets its state. Resolves
   * once the store has flushed and closed; a memory store is closed before
   * this returns.
   */
  stopBroker(reason = 'shutdown'): Promise<void> {
    if (this.state !== 'running') throw new Error(`the broker is not running (${this.state})`);
    closeAllConnections(this.broker, reason);
    this.detach();
    forgetState(this.broker);
    this.state = 'stopped';
    this.closing = this.current.close();
    return this.closing;
  }

  /** Start the stopped broker again: reopen the store on the same data and recover from it. */
  async startBroker(): Promise<RecoveryReport> {
    this.beginStart();
    await this.closing;
    this.reopen();
    return this.recover();
  }

  /** `startBroker` for a store that recovers without I/O (see `canStartNow`): done before it returns. */
  startBrokerNow(): RecoveryReport {
    if (!this.canStartNow) throw new Error('this store recovers asynchronously: use startBroker()');
    this.beginStart();
    this.reopen();
    return this.recoverNow();
  }

  /** Stop logging, flush and close the store (the broker keeps running, in memory only). */
  async close(): Promise<void> {
    if (attachments.get(this.broker) === this) attachments.delete(this.broker);
    const was = this.state;
    this.state = 'closed';
    if (was === 'closed') return;
    if (was === 'stopped') return this.closing;
    this.detach();
    await this.current.close();
  }

  private beginStart(): void {
    if (this.state !== 'stopped') throw new Error(`the broker is not stopped (${this.state})`);
    this.state = 'starting';
  }

  private reopen(): void {
    this.current = this.current.reopen();
    this.bridge = new StoreBridge(this.current);
  }

  private detach(): void {
    this.off?.();
    this.off = undefined;
    if (this.broker.store === this.bridge) this.broker.store = undefined;
  }

  /** Recovery is done: compact, log durable changes from now on, run, and report. */
  private recovered(rec: Recovery, messages: MessageRecovery): RecoveryReport {
    const { broker, bridge } = this;
    const store = this.current;
    const report = rec.finish(messages);
    let snapshotSize = 0;
    const compact = (): void => {
      const cmds = topologyCommands(broker);
      store.snapshot(cmds);
      snapshotSize = cmds.length;
    };
    compact();
    const filter = new DurableTopologyFilter(broker);
    const compactAfter = this.opts.compactAfter ?? 1000;
    this.off = broker.events.on('topology', ({ command }) => {
      if (command.type === 'queue.delete') bridge.dropQueue(command.vhost, command.name);
      else if (command.type === 'vhost.delete') bridge.dropVhost(command.name);
      if (!filter.accept(command)) return;
      store.logCommand(command);
      if (store.commandsSinceSnapshot >= Math.max(compactAfter, snapshotSize)) compact();
    });
    this.state = 'running';
    broker.running = true;
    this.report = report;
    const log = this.opts.log ?? (() => {});
    log(report.summary);
    for (const d of report.dropped) log(`store: dropped ${d.bytes} bytes of ${d.file}: ${d.reason}`);
    for (const f of report.failedCommands) log(`store: ${f}`);
    broker.events.emit('store.recovered', { commands: report.commands, messages: report.messages, redelivered: report.redelivered, dropped: report.dropped, summary: report.summary });
    return report;
  }
}

/**
 * Give a freshly built broker a durable store: recover what the store holds
 * (topology replayed as commands, then messages in queue order), then log
 * every durable topology change and every persistent message from now on.
 * A store that is damaged still opens: what could not be read is dropped and
 * reported (`report`, a log line and the broker's `store.recovered` event).
 */
export async function attachStore(broker: Broker, store: MessageStore, opts: AttachOptions = {}): Promise<StoreAttachment> {
  const att = new StoreAttachment(broker, store, opts);
  await att.recover();
  return att;
}

/** `attachStore` for a store that needs no I/O (a memory store): attached before it returns. */
export function attachStoreNow(broker: Broker, store: ImmediateStore, opts: AttachOptions = {}): StoreAttachment {
  const att = new StoreAttachment(broker, store, opts);
  att.recoverNow();
  return att;
}
