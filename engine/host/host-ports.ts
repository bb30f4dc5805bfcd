import type { Broker } from '../core/broker.ts';
import type { MetricsSnapshot, SeriesQuery, SeriesSnapshot } from '../metrics/snapshot-types.ts';
import type { LiveEdit } from '../sim/scenario/schema-live-edit.ts';
import type { DefinitionsDocument, DefinitionsImportResult, Settings, SimEditResult, SimStatus } from './contract.ts';

/**
 * What the host needs from a simulator. The simulator (engine/sim) is adapted
 * to this by whoever wires it in; until then the `sim:*` channels answer
 * `unavailable`.
 */
export interface SimulationPort {
  /** The run's status; `metrics`: the run's metrics snapshot when the caller took one just now (its assertions are judged on it, not on a second one). */
  status(metrics?: MetricsSnapshot): SimStatus;
  /** Validate and load a scenario document; throws `HostFailure('bad-request')` when it is invalid. */
  load(scenario: Record<string, unknown>): SimStatus | Promise<SimStatus>;
  start(): SimStatus;
  pause(): SimStatus;
  step(ms: number): SimStatus;
  speed(factor: number): SimStatus;
  /** Change the running scenario's clients now; throws `HostFailure('bad-request')` naming the field when it cannot. */
  edit?(edit: LiveEdit): SimEditResult;
  /** The latest metrics snapshot (engine/metrics), pushed with every host snapshot. */
  metrics?(): MetricsSnapshot | undefined;
  /** Sampled history for charts. */
  series?(query: SeriesQuery): SeriesSnapshot[];
  /** End any run (the host is shutting down). */
  close?(): void;
}

/** RabbitMQ definitions import/export over a broker (`simDefinitions` by default). */
export interface DefinitionsPort {
  export(broker: Broker, vhost?: string): DefinitionsDocument;
  /** Merge a definitions document into the broker, all or nothing; throws naming every problem. `vhost` for a single-vhost file. */
  import(broker: Broker, doc: unknown, vhost?: string): DefinitionsImportResult;
}

/** Desktop only: scenario files through the system dialogs. */
export interface ScenarioFilesPort {
  /** Read a scenario file (a dialog when `path` is absent); null when cancelled. */
  open(path?: string): Promise<{ path: string; scenario: Record<string, unknown> } | null>;
  /** Write a scenario (a dialog when there is no path or `saveAs`); null when cancelled. */
  save(scenario: Record<string, unknown>, path?: string, saveAs?: boolean): Promise<{ path: string } | null>;
}

/** Where settings live (a JSON file in the user-data folder on the desktop, memory on the web). */
export interface SettingsStore {
  load(): Settings;
  save(settings: Settings): void;
}

/** Runs a callback every `ms` until stopped. Injected so tests drive pushes by hand. */
export interface Ticker {
  every(ms: number, fn: () => void): () => void;
}

/** The real ticker, on the host's event loop. */
export const intervalTicker: Ticker = {
  every(ms, fn) {
    const h = setInterval(fn, ms);
    return () => clearInterval(h);
  },
};

/** Settings kept in memory only. */
export function memorySettings(initial: Settings): SettingsStore {
  let current = { ...initial };
  return {
    load: () => ({ ...current }),
    save: (s) => void (current = { ...s }),
  };
}
