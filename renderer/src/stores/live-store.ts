import { createStore } from 'zustand/vanilla';
import type { EventBatch, HostSnapshot, SimStatus } from '../../../engine/host/contract.ts';
import { NO_SIM_STATUS } from '../../../engine/host/contract.ts';
import type { MetricsSnapshot } from '../../../engine/metrics/snapshot-types.ts';
import type { LinkState } from '../client/engine-client.ts';
import type { LogEntry } from '../model/event-log.ts';
import { entriesOf } from '../model/event-log.ts';
import { HistoryBook } from '../model/history-book.ts';
import type { Readings } from '../model/live-stats.ts';
import { bindingRates, readBindings, readSnapshot, withRates } from '../model/live-stats.ts';
import type { NodeStats } from '../model/node-stats.ts';
import { deadLetterEntries } from './dead-letter-log.ts';

/** The fast-changing picture: replaced a few times a second from host pushes. */
export interface LiveState {
  link: LinkState;
  /** Why the link was lost (its close code and reason in words), while it is down. */
  linkDetail: string | null;
  /** Sequence number of the last snapshot taken in. */
  seq: number;
  sim: SimStatus;
  /** The run's clock for charts: simulated ms when a simulator measures, else broker ms. */
  time: number;
  /** Live numbers per graph node id, for the current vhost. */
  stats: Record<string, NodeStats>;
  /** Messages per second through each binding (from the engine's per-binding counters), by graph edge id. */
  bindingRates: Record<string, number>;
  total: NodeStats | null;
  /** The simulator's latest metrics (for assertions); null without a running simulator. */
  lastMetrics: MetricsSnapshot | null;
  /** Bounded chart history (mutated in place; `historyVersion` says when). */
  history: HistoryBook;
  historyVersion: number;
  events: LogEntry[];
  /** Engine events the host left out of full batches. */
  droppedEvents: number;
  /** Host pushes received in the last second (snapshots + event batches). */
  batchesPerSecond: number;
}

export interface LiveActions {
  setLink(link: LinkState, detail?: string): void;
  /** The simulator's state as a call answered it (before the next push confirms it). */
  setSim(sim: SimStatus): void;
  ingestSnapshot(s: HostSnapshot, vhost: string): void;
  ingestEvents(b: EventBatch): void;
  log(entry: LogEntry): void;
  clearLog(): void;
  /** A new run or vhost: forget rates and chart history. */
  resetHistory(): void;
}

export type LiveStore = ReturnType<typeof createLiveStore>;

const NO_SIM: SimStatus = NO_SIM_STATUS;
const MAX_EVENTS = 2000;
/** One chart sample per second of the run's clock, whatever the push rate. */
const SAMPLE_MS = 1000;
/** Rates are taken over about this much of the run's time. */
const RATE_WINDOW_MS = 1000;

/** Create the live store (one per window, provided through context). */
export function createLiveStore(init: Partial<LiveState> = {}) {
  let prevSnap: HostSnapshot | undefined;
  /** Recent readings on the run's clock; rates are taken against the one about a second old. */
  let recent: { readings: Readings; bindings: Map<string, number>; time: number }[] = [];
  /** Broker time of the first snapshot: without a simulator, charts count from it. */
  let baseAt: number | undefined;
  /** Whether `recent` holds readings on a run's clock (else on the broker's). */
  let rateClockIsRun = false;
  const pushTimes: number[] = [];
  const countPush = (): number => {
    const now = performance.now();
    pushTimes.push(now);
    while (pushTimes.length > 0 && pushTimes[0]! < now - 1000) pushTimes.shift();
    return pushTimes.length;
  };
  return createStore<LiveState & LiveActions>()((set, get) => ({
    link: 'connecting',
    linkDetail: null,
    seq: 0,
    sim: NO_SIM,
    time: 0,
    stats: {},
    bindingRates: {},
    total: null,
    lastMetrics: null,
    history: new HistoryBook(),
    historyVersion: 0,
    events: [],
    droppedEvents: 0,
    batchesPerSecond: 0,
    ...init,
    setLink: (link, detail) => set({ link, linkDetail: detail ?? null }),
    setSim: (sim) => set({ sim }),
    ingestSnapshot: (s, vhost) => {
      // Charts: the run's own clock when a scenario is loaded (what the top bar shows), else broker time since the first push.
      const time = s.sim.loaded ? s.sim.timeMs : s.topology.at - (baseAt ??= s.topology.at);
      // Rates: per second of the run's clock while it goes (simulated seconds at any speed), else of the broker's
      // clock (which a host shares with its runs); a finished run's clock stands still, so its rates fall to zero.
      const going = s.sim.loaded && !s.sim.finished && s.sim.timeMs > 0;
      const rateTime = going ? s.sim.timeMs : s.topology.at;
      if (going !== rateClockIsRun) {
        recent = [];
        rateClockIsRun = going;
      }
      const st = get();
      const readings = readSnapshot(s, vhost);
      const bindings = readBindings(s, vhost);
      const last = recent[recent.length - 1];
      if (last && rateTime < last.time) recent = [];
      let stats = st.stats;
      let rates = st.bindingRates;
      let total = st.total;
      // While time stands still (paused), the last rates stay on screen.
      if (!last || rateTime > last.time) {
        const base = [...recent].reverse().find((r) => r.time <= rateTime - RATE_WINDOW_MS) ?? recent[0];
        const all = withRates(base, readings, rateTime);
        total = all['total'] ?? null;
        delete all['total'];
        stats = all;
        rates = bindingRates(base, bindings, rateTime);
        recent.push({ readings, bindings, time: rateTime });
        if (recent.length > 12) recent.shift();
      }
      const history = st.history;
      let historyVersion = st.historyVersion;
      if (time < history.lastTime) history.clear();
      if (time - history.lastTime >= SAMPLE_MS && total) {
        history.add(time, { ...stats, total });
        historyVersion++;
      }
      const dl = prevSnap ? deadLetterEntries(prevSnap, s, vhost) : [];
      const events = dl.length > 0 ? [...st.events, ...dl].slice(-MAX_EVENTS) : st.events;
      prevSnap = s;
      set({ seq: s.seq, sim: s.sim, time, stats, bindingRates: rates, total, lastMetrics: s.metrics, historyVersion, events, batchesPerSecond: countPush() });
    },
    ingestEvents: (b) => {
      const st = get();
      set({ events: [...st.events, ...entriesOf(b.events)].slice(-MAX_EVENTS), droppedEvents: st.droppedEvents + b.dropped, batchesPerSecond: countPush() });
    },
    log: (entry) => set({ events: [...get().events, entry].slice(-MAX_EVENTS) }),
    clearLog: () => set({ events: [], droppedEvents: 0 }),
    resetHistory: () => {
      recent = [];
      prevSnap = undefined;
      baseAt = undefined;
      get().history.clear();
      set({ stats: {}, bindingRates: {}, total: null, historyVersion: get().historyVersion + 1 });
    },
  }));
}
