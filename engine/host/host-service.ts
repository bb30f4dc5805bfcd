import type { Broker } from '../core/broker.ts';
import { INTERNAL_USER } from '../core/broker.ts';
import type { Command } from '../core/commands.ts';
import type {
  HostSnapshot,
  InvokeChannel,
  InvokePayload,
  InvokeResponses,
  InvokeResult,
  PushChannel,
  PushPayloads,
  Settings,
  SimStatus,
} from './contract.ts';
import { CONTRACT_VERSION, DEFAULT_SETTINGS, NO_SIM_STATUS, parseInvoke, settingsSchema } from './contract.ts';
import { HostFailure, toHostError } from './host-error.ts';
import type { Flat } from './live-delta.ts';
import { diffFlat, flatten } from './live-delta.ts';
import { simDefinitions } from './definitions-port.ts';
import { EventCollector } from './host-events.ts';
import type { DefinitionsPort, ScenarioFilesPort, SettingsStore, SimulationPort, Ticker } from './host-ports.ts';
import { intervalTicker, memorySettings } from './host-ports.ts';
import { explainPublish, getMessages, moveMessages, peekMessages, publishMessage, purgeQueue, redriveMessages } from './message-ops.ts';
import { decodePayload, fromJsonProperties } from './message-view.ts';
import { topologySnapshot } from './topology-snapshot.ts';

/** Who is calling: the broker user the operation acts as ('' = the broker itself, the desktop UI). */
export interface Caller {
  user: string;
}

/** A push to every subscriber. */
export type PushListener = <C extends PushChannel>(channel: C, payload: PushPayloads[C]) => void;

export interface HostServiceOptions {
  broker: Broker;
  mode: 'desktop' | 'web';
  appVersion?: string;
  simulation?: SimulationPort;
  /** Definitions import/export; the simulator's (engine/sim/definitions) by default. */
  definitions?: DefinitionsPort;
  scenarioFiles?: ScenarioFilesPort;
  settings?: SettingsStore;
  ticker?: Ticker;
  /** Where the AMQP listener serving this broker is, when one runs (it may move when settings change). */
  amqpEndpoint?: () => { host: string; port: number } | undefined;
  recentFiles?: () => string[];
  /** Told after settings change (the desktop restarts its AMQP listener on a new port). */
  onSettingsChanged?: (next: Settings, previous: Settings) => void;
  /** Push only what changed between snapshots (`live` deltas); false sends every snapshot whole (the benchmark's baseline). Default true. */
  liveDeltas?: boolean;
}

const NO_SIM: SimStatus = NO_SIM_STATUS;
/** Commands that administer the broker rather than a vhost's topology. */
const ADMIN_COMMANDS = new Set<Command['type']>(['vhost.add', 'vhost.delete', 'user.add', 'user.delete', 'permission.set', 'permission.clear', 'topic-permission.set', 'topic-permission.clear']);

/** A snapshot flattened for diffing; its `seq` always differs and travels in the delta itself, so it is left out. */
const flatSnapshot = (s: HostSnapshot): Flat => flatten({ ...s, seq: 0 });

type Handlers = { [C in InvokeChannel]: (p: InvokePayload<C>, caller: Caller) => InvokeResponses[C] | Promise<InvokeResponses[C]> };

/**
 * The transport-agnostic host: owns a broker (and a simulator when one is
 * attached), answers every invoke channel of the contract, and coalesces
 * engine events and live data into batched pushes on a timer, a few per
 * second whatever the message rate. Electron IPC and the WebSocket are thin
 * adapters over `invoke` and `subscribe`.
 */
export class HostService {
  readonly broker: Broker;
  private readonly events: EventCollector;
  private readonly listeners = new Set<PushListener>();
  private readonly settingsStore: SettingsStore;
  private stopTicker: (() => void) | undefined;
  private snapshotSeq = 0;
  private eventSeq = 0;
  /** The live picture as last pushed, flattened: the base of the next delta. */
  private pushed: { snap: HostSnapshot; flat: Flat } | undefined;
  private readonly handlers: Handlers;

  constructor(private readonly opts: HostServiceOptions) {
    this.broker = opts.broker;
    this.events = new EventCollector(opts.broker);
    this.settingsStore = opts.settings ?? memorySettings(DEFAULT_SETTINGS);
    this.handlers = this.createHandlers();
  }

  /** Validate a request against the contract and answer it. Never throws. */
  invoke<C extends InvokeChannel>(channel: C, payload: unknown, caller?: Caller): Promise<InvokeResult<C>>;
  invoke(channel: unknown, payload: unknown, caller?: Caller): Promise<InvokeResult<InvokeChannel>>;
  async invoke(channel: unknown, payload: unknown, caller: Caller = { user: INTERNAL_USER }): Promise<InvokeResult<InvokeChannel>> {
    const parsed = parseInvoke(channel, payload);
    if (!parsed.ok) return parsed;
    try {
      const handler = this.handlers[parsed.channel] as (p: unknown, c: Caller) => unknown;
      return { ok: true, value: (await handler(parsed.payload, caller)) as InvokeResponses[InvokeChannel] };
    } catch (e) {
      return { ok: false, error: toHostError(e) };
    }
  }

  /** Receive pushes. The snapshot the next delta builds on is sent at once; the timer runs while anyone listens. */
  subscribe(listener: PushListener): () => void {
    // Events from before anyone listened are history the snapshot already shows.
    if (this.listeners.size === 0) this.events.drain();
    this.listeners.add(listener);
    listener('snapshot', this.current());
    if (!this.stopTicker) this.startTicker();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size > 0) return;
      this.stopTickerNow();
      // The next subscriber starts from a fresh snapshot, not one from before the pause.
      this.pushed = undefined;
    };
  }

  /**
   * One push round: the gathered events (if any) as one batch, then the live
   * picture: the leaves that changed since the last push as a `live` delta
   * (nothing when none did), or the whole snapshot when its shape changed.
   */
  flush(): void {
    if (this.events.pending > 0) {
      const { events, dropped } = this.events.drain();
      this.emit('events', { seq: ++this.eventSeq, events, dropped });
    }
    const snap = this.snapshot();
    const flat = flatSnapshot(snap);
    const base = this.pushed;
    const changes = base && this.opts.liveDeltas !== false ? diffFlat(base.flat, flat) : null;
    if (changes?.length === 0) return;
    this.pushed = { snap, flat };
    if (changes && base) this.emit('live', { seq: snap.seq, base: base.snap.seq, changes });
    else this.emit('snapshot', snap);
  }

  /** The live picture as last pushed (taken now if nothing was pushed yet): what a new subscriber starts from. */
  current(): HostSnapshot {
    if (!this.pushed) {
      const snap = this.snapshot();
      this.pushed = { snap, flat: flatSnapshot(snap) };
    }
    return this.pushed.snap;
  }

  /** The live picture now (not pushed). */
  snapshot(): HostSnapshot {
    const sim = this.opts.simulation;
    // One metrics snapshot per push: the status judges the run's assertions on the same one.
    const metrics = sim?.metrics?.() ?? null;
    return {
      seq: ++this.snapshotSeq,
      topology: topologySnapshot(this.broker),
      sim: sim ? sim.status(metrics ?? undefined) : NO_SIM,
      metrics,
    };
  }

  get settings(): Settings {
    return this.settingsStore.load();
  }

  /** Stop timers and listening to the broker. */
  close(): void {
    this.stopTickerNow();
    this.listeners.clear();
    this.events.close();
    this.opts.simulation?.close?.();
  }

  private emit<C extends PushChannel>(channel: C, payload: PushPayloads[C]): void {
    for (const l of [...this.listeners]) {
      try {
        l(channel, payload);
      } catch {
        // One broken transport must not stop the others.
      }
    }
  }

  private startTicker(): void {
    const ticker = this.opts.ticker ?? intervalTicker;
    this.stopTicker = ticker.every(this.settings.snapshotIntervalMs, () => this.flush());
  }

  private stopTickerNow(): void {
    this.stopTicker?.();
    this.stopTicker = undefined;
  }

  private sim(): SimulationPort {
    const s = this.opts.simulation;
    if (!s) throw new HostFailure('unavailable', 'no simulator is attached to this host');
    return s;
  }

  private requireAdmin(caller: Caller, what: string): void {
    if (caller.user === INTERNAL_USER) return;
    if (!this.broker.users.get(caller.user)?.tags.includes('administrator')) {
      throw new HostFailure('unauthorized', `user '${caller.user}' is not an administrator and may not ${what}`);
    }
  }

  private createHandlers(): Handlers {
    const b = this.broker;
    const o = this.opts;
    return {
      'host:info': () => ({
        mode: o.mode,
        contractVersion: CONTRACT_VERSION,
        appVersion: o.appVersion ?? '0.0.0',
        features: { scenarioFiles: o.scenarioFiles !== undefined, simulator: o.simulation !== undefined, amqpListener: o.amqpEndpoint?.() !== undefined },
        amqp: o.amqpEndpoint?.() ?? null,
        recentFiles: o.recentFiles?.() ?? [],
      }),
      'topology:get': () => topologySnapshot(b),
      'snapshot:get': () => this.current(),
      'topology:apply': (cmd, caller) => {
        if (ADMIN_COMMANDS.has(cmd.type)) this.requireAdmin(caller, `apply '${cmd.type}'`);
        const r = b.apply(cmd, caller.user === INTERNAL_USER ? {} : { user: caller.user });
        if (!r.ok) throw r.error;
        return r.result;
      },
      'sim:load': (p) => this.sim().load(p.scenario),
      'sim:start': () => this.sim().start(),
      'sim:pause': () => this.sim().pause(),
      'sim:step': (p) => this.sim().step(p.ms),
      'sim:speed': (p) => this.sim().speed(p.factor),
      'sim:edit': (p) => {
        const s = this.sim();
        if (!s.edit) throw new HostFailure('unavailable', 'this simulator cannot change a running scenario');
        return s.edit(p.edit);
      },
      'metrics:series': (q) => this.sim().series?.(q) ?? [],
      'queue:peek': (p, c) => peekMessages(b, c.user, p.vhost, p.queue, p),
      'queue:get': (p, c) => getMessages(b, c.user, p.vhost, p.queue, p),
      'queue:publish': (p, c) => publishMessage(b, c.user, p.vhost, p.exchange, p.routingKey, fromJsonProperties(p.properties), decodePayload(p.payload, p.payloadEncoding), p.trace),
      'route:explain': (p, c) => explainPublish(b, c.user, p.vhost, p.exchange, p.routingKey, fromJsonProperties(p.properties), p.payloadBytes, p.mandatory),
      'queue:purge': (p, c) => purgeQueue(b, c.user, p.vhost, p.queue),
      'queue:move': (p, c) => moveMessages(b, c.user, p.vhost, p.queue, p.destinationType === 'queue' ? { type: 'queue', name: p.destination } : { type: 'exchange', name: p.destination, routingKey: p.routingKey }, p.count),
      'queue:redrive': (p, c) => redriveMessages(b, c.user, p.vhost, p.queue, p.count),
      'definitions:export': (p, c) => {
        this.requireAdmin(c, 'export definitions');
        return this.definitions().export(b, p.vhost);
      },
      'definitions:import': (p, c) => {
        this.requireAdmin(c, 'import definitions');
        return this.definitions().import(b, p.definitions, p.vhost);
      },
      'scenario:open': async (p) => {
        const r = await this.files().open(p.path);
        if (r && o.simulation) await o.simulation.load(r.scenario);
        return r;
      },
      'scenario:save': (p) => this.files().save(p.scenario, p.path, p.saveAs),
      'settings:get': () => this.settings,
      'settings:set': (patch) => {
        const previous = this.settings;
        const next = settingsSchema.parse({ ...previous, ...patch });
        this.settingsStore.save(next);
        if (next.snapshotIntervalMs !== previous.snapshotIntervalMs && this.stopTicker) {
          this.stopTickerNow();
          this.startTicker();
        }
        o.onSettingsChanged?.(next, previous);
        return next;
      },
    };
  }

  private definitions(): DefinitionsPort {
    return this.opts.definitions ?? simDefinitions;
  }

  private files(): ScenarioFilesPort {
    if (!this.opts.scenarioFiles) throw new HostFailure('unavailable', 'scenario files are only available in the desktop app; use sim:load');
    return this.opts.scenarioFiles;
  }
}
