/**
 * The host contract: the one source of the channels between a renderer and the
 * host (Electron IPC or the WebSocket), their payload schemas, their types and
 * the runtime allow-lists derived from them. The preload, the IPC handlers, the
 * web host and the renderer's clients all import from here; nothing keeps a
 * second list of channel names.
 */
import { z } from 'zod';
import type { CommandResult } from '../core/commands.ts';
import { commandSchema, shortName } from './command-schema.ts';
import type { RouteExplanationView } from './explain-view.ts';
import type { HostEvent } from './host-events.ts';
import { ackModeSchema, messagePropertiesSchema, payloadEncodingSchema, readEncodingSchema } from './message-schema.ts';
import type { MessageView } from './message-schema.ts';
import type { TopologySnapshot } from './snapshot-types.ts';
import { COUNT_NAMES, DEPTH_NAMES } from '../metrics/snapshot-types.ts';
import type { MetricsSnapshot, SeriesSnapshot } from '../metrics/snapshot-types.ts';
import type { AssertionStatus } from '../sim/assertion-status.ts';
import { liveEditSchema } from '../sim/scenario/schema-live-edit.ts';
import type { TimelineEvent } from '../sim/scenario/schema-timeline.ts';

/** Bumped when a channel's payload or response changes incompatibly. */
export const CONTRACT_VERSION = 2;

const empty = z.strictObject({});
const queueRef = { vhost: shortName, queue: shortName };
const count = z.number().int().min(1).max(10_000);
const jsonObject = z.record(z.string(), z.unknown());
const filePath = z.string().min(1).max(4096);

/** User settings, kept by the host (the desktop app stores them in its user-data folder). */
export const settingsSchema = z.strictObject({
  /** Where the AMQP listener binds. */
  amqpHost: z.string().min(1).max(255),
  amqpPort: z.number().int().min(0).max(65_535),
  /** How often live data is pushed (ms); a few per second by default. */
  snapshotIntervalMs: z.number().int().min(100).max(5_000),
  theme: z.enum(['system', 'light', 'dark']),
});
export type Settings = z.output<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Readonly<Settings> = { amqpHost: '127.0.0.1', amqpPort: 5672, snapshotIntervalMs: 250, theme: 'system' };

const settingsPatchSchema = z.strictObject({
  amqpHost: settingsSchema.shape.amqpHost.exactOptional(),
  amqpPort: settingsSchema.shape.amqpPort.exactOptional(),
  snapshotIntervalMs: settingsSchema.shape.snapshotIntervalMs.exactOptional(),
  theme: settingsSchema.shape.theme.exactOptional(),
});

/** Request/response channels: the payload schema of each. Every payload from a renderer is parsed with it. */
export const INVOKE_SCHEMAS = {
  'host:info': empty,
  'topology:get': empty,
  /** The live picture as last pushed (a client whose deltas no longer fit asks for it). */
  'snapshot:get': empty,
  'topology:apply': commandSchema,
  /** Load a scenario document (validated in depth by the simulator). */
  'sim:load': z.strictObject({ scenario: jsonObject }),
  'sim:start': empty,
  'sim:pause': empty,
  /** Advance simulated time by `ms` while paused. */
  'sim:step': z.strictObject({ ms: z.number().positive().max(86_400_000) }),
  /** Simulated seconds per wall-clock second. */
  'sim:speed': z.strictObject({ factor: z.number().positive().max(10_000) }),
  /** Add, remove or change a simulated producer or consumer of the running scenario, now (engine/sim `LiveEdit`). */
  'sim:edit': z.strictObject({ edit: liveEditSchema }),
  /** Sampled history for charts (engine/metrics `SeriesQuery`). */
  'metrics:series': z.strictObject({
    entities: z.array(z.string().max(1024)).max(1000).exactOptional(),
    names: z.array(z.enum([...COUNT_NAMES, ...DEPTH_NAMES])).max(64).exactOptional(),
    since: z.number().exactOptional(),
    resolution: z.enum(['fine', 'coarse']).exactOptional(),
  }),
  /** Non-destructive look at the first ready messages. */
  'queue:peek': z.strictObject({
    ...queueRef,
    count: count.default(10),
    encoding: readEncodingSchema.default('auto'),
    truncate: z.number().int().min(0).exactOptional(),
  }),
  /** basic.get with RabbitMQ's management ack modes (destructive unless requeued). */
  'queue:get': z.strictObject({
    ...queueRef,
    count: count.default(1),
    ackmode: ackModeSchema,
    encoding: readEncodingSchema.default('auto'),
    truncate: z.number().int().min(0).exactOptional(),
  }),
  /** Publish to an exchange ('' is the default exchange: routing key = queue name). */
  'queue:publish': z.strictObject({
    vhost: shortName,
    exchange: shortName,
    routingKey: shortName,
    properties: messagePropertiesSchema.default({}),
    payload: z.string().max(64 * 1024 * 1024),
    payloadEncoding: payloadEncodingSchema.default('string'),
    /** Also answer with the route this message took and why (`route:explain` of it). */
    trace: z.boolean().exactOptional(),
  }),
  /**
   * Where a publish would go and why, without publishing: every exchange
   * walked, every binding matched or not, alternate exchanges, the queues and
   * what each would do. Needs write permission on the exchange, as publishing does.
   */
  'route:explain': z.strictObject({
    vhost: shortName,
    exchange: shortName,
    routingKey: shortName,
    properties: messagePropertiesSchema.default({}),
    mandatory: z.boolean().default(true),
    /** Body size, for x-max-length-bytes. */
    payloadBytes: z.number().int().min(0).max(64 * 1024 * 1024).default(0),
  }),
  /** Remove the ready messages (unacked ones stay), as queue.purge. */
  'queue:purge': z.strictObject(queueRef),
  /**
   * Move ready messages (all, or `count`) to another queue of the same vhost,
   * or publish them to an exchange: with `routingKey`, or each with its own.
   */
  'queue:move': z
    .strictObject({
      ...queueRef,
      destination: shortName,
      destinationType: z.enum(['queue', 'exchange']).default('queue'),
      routingKey: shortName.exactOptional(),
      count: count.exactOptional(),
    })
    .superRefine((p, ctx) => {
      if (p.destinationType === 'queue' && p.routingKey !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['routingKey'], message: "only an exchange destination takes a routing key (set destinationType: 'exchange')" });
      }
    }),
  /** Send dead-lettered messages back to the queue they died in (from `x-death`). */
  'queue:redrive': z.strictObject({ ...queueRef, count: count.exactOptional() }),
  /** RabbitMQ definitions JSON (all vhosts, or one). */
  'definitions:export': z.strictObject({ vhost: shortName.exactOptional() }),
  /** Merge definitions into the broker, all or nothing; `vhost` for a single-vhost file. */
  'definitions:import': z.strictObject({ definitions: jsonObject, vhost: shortName.exactOptional() }),
  /** Desktop only: open a scenario file (a dialog when `path` is absent) and load it. */
  'scenario:open': z.strictObject({ path: filePath.exactOptional() }),
  /** Desktop only: save a scenario document (a dialog when there is no path yet or `saveAs`). */
  'scenario:save': z.strictObject({ scenario: jsonObject, path: filePath.exactOptional(), saveAs: z.boolean().exactOptional() }),
  'settings:get': empty,
  'settings:set': settingsPatchSchema,
} as const;

export type InvokeChannel = keyof typeof INVOKE_SCHEMAS;
/** What a renderer sends on a channel (defaults may be left out). */
export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof INVOKE_SCHEMAS)[C]>;
/** What a handler receives: the payload after validation, defaults filled in. */
export type InvokePayload<C extends InvokeChannel> = z.output<(typeof INVOKE_SCHEMAS)[C]>;

/** The simulator's state as the UI shows it. */
export interface SimStatus {
  /** False until a simulator is attached to the host. */
  available: boolean;
  loaded: boolean;
  running: boolean;
  /** Simulated seconds per wall-clock second. */
  speed: number;
  /** Simulated time since the scenario started (ms); once finished, when it ended. */
  timeMs: number;
  scenario: string | null;
  /** The run has ended (its report and verdicts are final); a new run needs `sim:load`. */
  finished: boolean;
  /** Producers stop at this simulated time (ms); null without a scenario. */
  durationMs: number | null;
  /** The longest the run can last: the duration plus the drain time (ms); null without a scenario. */
  endsByMs: number | null;
  /** Why the run ended, once finished. */
  endedBy: 'duration' | 'drained' | 'drain-limit' | 'stopped' | null;
  /** The scenario's assertions: judged on the metrics so far while running, the report's verdicts once finished. */
  assertions: AssertionStatus[];
  /** How many edits were made while the run went (they are in its report as timeline events). */
  edits: number;
}

/** The state shown while no simulator is attached. */
export const NO_SIM_STATUS: Readonly<SimStatus> = Object.freeze({
  available: false,
  loaded: false,
  running: false,
  speed: 1,
  timeMs: 0,
  scenario: null,
  finished: false,
  durationMs: null,
  endsByMs: null,
  endedBy: null,
  assertions: [],
  edits: 0,
});

/** What a live edit did: the simulator's new state and the timeline events the edit became. */
export interface SimEditResult {
  status: SimStatus;
  events: TimelineEvent[];
}

/** What the host is and can do. */
export interface HostInfo {
  mode: 'desktop' | 'web';
  contractVersion: number;
  appVersion: string;
  features: { scenarioFiles: boolean; simulator: boolean; amqpListener: boolean };
  /** Where real AMQP clients connect, when a listener runs. */
  amqp: { host: string; port: number } | null;
  /** Most recent first (desktop). */
  recentFiles: string[];
}

/** A RabbitMQ definitions document (users, vhosts, permissions, exchanges, queues, bindings, ...). */
export type DefinitionsDocument = Record<string, unknown>;

/** What a definitions import did: commands applied, and what was skipped or left untouched and why. */
export interface DefinitionsImportResult {
  applied: number;
  warnings: { path: string; message: string }[];
}

/** Each invoke channel's response value. */
export interface InvokeResponses {
  'host:info': HostInfo;
  'topology:get': TopologySnapshot;
  'snapshot:get': HostSnapshot;
  'topology:apply': CommandResult;
  'sim:load': SimStatus;
  'sim:start': SimStatus;
  'sim:pause': SimStatus;
  'sim:step': SimStatus;
  'sim:speed': SimStatus;
  'sim:edit': SimEditResult;
  'metrics:series': SeriesSnapshot[];
  'queue:peek': MessageView[];
  'queue:get': MessageView[];
  /** `explanation` when asked for with `trace`. */
  'queue:publish': { routed: boolean; explanation?: RouteExplanationView };
  'route:explain': RouteExplanationView;
  'queue:purge': { messageCount: number };
  /** `stopped` says why fewer than asked were moved (a message nothing would take stays at the head). */
  'queue:move': { moved: number; stopped?: string };
  'queue:redrive': { moved: number; skipped: number };
  'definitions:export': DefinitionsDocument;
  'definitions:import': DefinitionsImportResult;
  /** null when the user cancelled the dialog. */
  'scenario:open': { path: string; scenario: Record<string, unknown> } | null;
  'scenario:save': { path: string } | null;
  'settings:get': Settings;
  'settings:set': Settings;
}

/** Why an invoke failed. `amqp` carries the broker's reply code and RabbitMQ's text. */
export type HostErrorCode = 'bad-request' | 'unknown-channel' | 'unauthorized' | 'forbidden-sender' | 'not-found' | 'amqp' | 'unavailable' | 'internal';

export interface HostError {
  code: HostErrorCode;
  message: string;
  /** AMQP reply code for `amqp` errors (404, 406, ...). */
  replyCode?: number;
  /** Validation problems, one per offending field. */
  issues?: { path: string; message: string }[];
}

/** Every invoke answers with a value or an error, never a thrown exception (IPC mangles those). */
export type InvokeResult<C extends InvokeChannel> = { ok: true; value: InvokeResponses[C] } | { ok: false; error: HostError };

/** The live picture pushed a few times a second. */
export interface HostSnapshot {
  seq: number;
  topology: TopologySnapshot;
  sim: SimStatus;
  /** The simulator's metrics snapshot (engine/metrics) when a simulator is attached. */
  metrics: MetricsSnapshot | null;
}

/**
 * The live picture as only what changed since snapshot `base` (engine/host/live-delta.ts):
 * `changes` is `[leafIndex, value, ...]` over the leaves of that snapshot in walk order
 * (`seq` is not among them: it is the delta's own).
 * Sent while the shape stays the same; an entity added or removed sends a full `snapshot`.
 */
export interface LiveDelta {
  seq: number;
  /** The snapshot (or the delta's result) this applies to. */
  base: number;
  changes: (number | string | boolean | null)[];
}

/** Engine events gathered since the last push. */
export interface EventBatch {
  seq: number;
  events: HostEvent[];
  /** Events left out because a batch is capped. */
  dropped: number;
}

/**
 * Desktop only: an application-menu command the renderer carries out (it holds
 * the scenario document, so File > Save asks it to call `scenario:save`).
 */
export interface MenuCommand {
  action: 'scenario:new' | 'scenario:open' | 'scenario:save' | 'scenario:save-as';
  /** For `scenario:open` from File > Open Recent. */
  path?: string;
}

/** Host-to-renderer push channels and their payloads. */
export interface PushPayloads {
  /** The whole live picture: on subscribe and whenever its shape changes. */
  snapshot: HostSnapshot;
  /** The live picture's changes since the previous push, a few times a second. */
  live: LiveDelta;
  events: EventBatch;
  menu: MenuCommand;
}
export type PushChannel = keyof PushPayloads;

/** The allow-lists, derived from the maps above. */
export const INVOKE_CHANNELS = Object.freeze(Object.keys(INVOKE_SCHEMAS) as InvokeChannel[]);
export const PUSH_CHANNELS = Object.freeze(['snapshot', 'live', 'events', 'menu'] as const satisfies readonly PushChannel[]);
/** Compile-time guard: PUSH_CHANNELS names every push channel. */
const pushComplete: Exclude<PushChannel, (typeof PUSH_CHANNELS)[number]> extends never ? true : never = true;
void pushComplete;
/** Channels only the desktop host serves (the web host answers `unavailable`). */
export const DESKTOP_ONLY_CHANNELS: readonly InvokeChannel[] = ['scenario:open', 'scenario:save'];

export function isInvokeChannel(c: unknown): c is InvokeChannel {
  return typeof c === 'string' && Object.hasOwn(INVOKE_SCHEMAS, c);
}

export function isPushChannel(c: unknown): c is PushChannel {
  return typeof c === 'string' && (PUSH_CHANNELS as readonly string[]).includes(c);
}

/** A validated request, or the error to send back. */
export type ParsedInvoke = { ok: true; channel: InvokeChannel; payload: unknown } | { ok: false; error: HostError };

/** Validate a channel name and its payload against the contract. */
export function parseInvoke(channel: unknown, payload: unknown): ParsedInvoke {
  if (!isInvokeChannel(channel)) {
    return { ok: false, error: { code: 'unknown-channel', message: `unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}` } };
  }
  const r = INVOKE_SCHEMAS[channel].safeParse(payload);
  if (r.success) return { ok: true, channel, payload: r.data };
  const issues = r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const first = issues[0];
  const where = first ? `${first.path === '' ? '(payload)' : first.path}: ${first.message}` : 'invalid';
  return { ok: false, error: { code: 'bad-request', message: `invalid payload for '${channel}': ${where}`, issues } };
}

/** What the renderer sees of a host, over IPC or the WebSocket. */
export interface HostApi {
  invoke<C extends InvokeChannel>(channel: C, payload: InvokeRequest<C>): Promise<InvokeResult<C>>;
  /** Listen to a push channel; returns the unsubscribe function. */
  on<C extends PushChannel>(channel: C, listener: (payload: PushPayloads[C]) => void): () => void;
}

/** The key under which the preload exposes the `HostApi` on `window`. */
export const BRIDGE_KEY = 'brokerlab';
