import { applyEdgeChanges, applyNodeChanges } from '@xyflow/react';
import type { EdgeChange, NodeChange } from '@xyflow/react';
import { createStore } from 'zustand/vanilla';
import type { TopologySnapshot } from '../../../engine/host/snapshot-types.ts';
import type { EngineClient } from '../client/engine-client.ts';
import { buildFlow } from '../graph/build-flow.ts';
import type { AppEdge, AppNode, RealClient, XY } from '../graph/flow-types.ts';
import { autoLayout } from '../graph/layout.ts';
import { clientIssueMap } from '../model/client-issues.ts';
import type { Clip } from '../model/clipboard.ts';
import type { GraphDoc } from '../model/graph-doc.ts';
import { describeCommand, logEntry } from '../model/event-log.ts';
import type { LogEntry } from '../model/event-log.ts';
import { planCommands } from '../model/plan-commands.ts';
import { defaultMeta } from '../model/scenario-doc.ts';
import type { TopologyModel } from '../model/topology-model.ts';
import { emptyModel, modelFromSnapshot, stableJson } from '../model/topology-model.ts';
import { timelineClients } from '../model/timeline-clients.ts';
import { runCommands } from './graph-sync.ts';
import { draftIdsOf, realClientsOf, withDrafts } from './graph-model-utils.ts';

/** The graph: what the engine has, what the user drew, and the nodes and edges React Flow shows. */
export interface GraphState {
  vhost: string;
  /** Every vhost of the broker, for the switcher. */
  vhosts: string[];
  /** The engine's topology as last seen (snapshot or a command's success). */
  engine: TopologyModel;
  /** What the graph shows and edits: the engine's topology plus drafts it refused, clients and settings. */
  doc: GraphDoc;
  /** RabbitMQ's error text per element id. */
  errors: Record<string, string>;
  realClients: RealClient[];
  nodes: AppNode[];
  edges: AppEdge[];
  /** Commands on their way to the engine (snapshots wait meanwhile). */
  inFlight: number;
  past: GraphDoc[];
  future: GraphDoc[];
  clip: Clip | null;
  /** Clients or scenario settings changed since the simulator last loaded them. */
  scenarioDirty: boolean;
  /** Bumped when the whole graph was laid out again (the canvas then fits it in view). */
  layoutEpoch: number;
  /** Bumped when nodes nobody placed (a real client, an import's few additions) were put on the graph one by one. */
  placedEpoch: number;
}

export interface GraphActions {
  ingestTopology(t: TopologySnapshot): void;
  onNodesChange(changes: NodeChange<AppNode>[]): void;
  onEdgesChange(changes: EdgeChange<AppEdge>[]): void;
  /** Make `next` the graph (one undo step): the engine gets the commands that get it there. */
  commit(label: string, next: GraphDoc, hints?: Record<string, XY>): Promise<boolean>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  setClip(clip: Clip | null): void;
  layout(): void;
  setVhost(vhost: string): void;
  /** Select exactly these nodes and edges on the canvas (ids not drawn yet are selected when they appear). */
  selectIds(ids: readonly string[]): void;
  setScenarioDirty(dirty: boolean): void;
  /** Change the clients or settings in place, without an undo step or engine commands. */
  amend(fn: (doc: GraphDoc) => GraphDoc): void;
  /** Resolves once every command sent so far has been answered. */
  settled(): Promise<void>;
}

export type GraphStore = ReturnType<typeof createGraphStore>;

export interface GraphDeps {
  client: EngineClient;
  log: (entry: LogEntry) => void;
  /**
   * Hand a change of simulated clients to a running simulation; resolves true
   * when the run took it all (the scenario then needs no restart).
   */
  liveEdits?: (before: GraphDoc, after: GraphDoc) => Promise<boolean>;
}

const MAX_UNDO = 100;

/** Create the graph store (one per window, provided through context). */
export function createGraphStore(deps: GraphDeps, init: { vhost?: string } = {}) {
  const vhost = init.vhost ?? '/';
  let hints: Record<string, XY> = {};
  let chain: Promise<unknown> = Promise.resolve();
  let engineSig = '';
  /** Ids to select once their node or edge is drawn (a renamed queue's new node). */
  let pendingSelect = new Set<string>();

  return createStore<GraphState & GraphActions>()((set, get) => {
    const rebuild = (patch: Partial<GraphState>): void => {
      const s = { ...get(), ...patch };
      const scheduled = timelineClients(s.doc);
      const { nodes, edges, laidOut, placed } = buildFlow({
        model: s.doc.model,
        draftIds: draftIdsOf(s.engine, s.doc.model),
        errors: s.errors,
        producers: [...s.doc.producers, ...scheduled.producers],
        consumers: [...s.doc.consumers, ...scheduled.consumers],
        schedule: scheduled.schedule,
        issues: clientIssueMap(s.doc),
        realClients: s.realClients,
        prevNodes: s.nodes,
        hints,
      });
      hints = {};
      const selected = new Set([...s.edges.filter((e) => e.selected).map((e) => e.id), ...pendingSelect]);
      const pick = <T extends AppNode | AppEdge>(x: T): T => {
        if (!pendingSelect.has(x.id)) return x;
        pendingSelect.delete(x.id);
        return { ...x, selected: true };
      };
      set({
        ...patch,
        nodes: nodes.map(pick),
        edges: edges.map((e) => (selected.has(e.id) ? pick({ ...e, selected: true } as AppEdge) : e)),
        ...(laidOut && { layoutEpoch: s.layoutEpoch + 1 }),
        ...(placed > 0 && !laidOut && { placedEpoch: s.placedEpoch + 1 }),
      });
    };

    /** Bring the engine to `target` and show the outcome. Runs one at a time. */
    const apply = (target: GraphDoc, label: string): Promise<boolean> => {
      const before = get().doc;
      const clientsChanged = stableJson([target.producers, target.consumers]) !== stableJson([before.producers, before.consumers]);
      const metaChanged = stableJson(target.meta) !== stableJson(before.meta);
      // Client changes go to a running simulation once the topology they need is there; otherwise the scenario changed.
      rebuild({ doc: target, inFlight: get().inFlight + 1, ...((metaChanged || (clientsChanged && !deps.liveEdits)) && { scenarioDirty: true }) });
      const run = async (): Promise<boolean> => {
        const commands = planCommands(get().engine, target.model);
        const r = await runCommands(deps.client, get().engine, commands);
        const errors = { ...get().errors };
        for (const id of r.succeeded) delete errors[id];
        for (const [id, text] of r.errors) errors[id] = text;
        for (const c of r.applied) deps.log(logEntry({ at: null, category: 'operation', severity: 'info', text: `${label}: ${describeCommand(c).text}` }));
        for (const f of r.failed) deps.log(logEntry({ at: null, category: 'error', severity: 'error', text: `${label}: ${describeCommand(f.command).text} failed: ${f.error}` }));
        const doc = { ...get().doc, model: withDrafts(r.engine, get().doc.model, errors) };
        engineSig = '';
        rebuild({ engine: r.engine, doc, errors, inFlight: get().inFlight - 1 });
        if (clientsChanged && deps.liveEdits && !(await deps.liveEdits(before, target))) set({ scenarioDirty: true });
        return r.failed.length === 0;
      };
      const p = chain.then(run, run);
      chain = p;
      return p;
    };

    return {
      vhost,
      vhosts: [vhost],
      engine: emptyModel(vhost),
      doc: { model: emptyModel(vhost), producers: [], consumers: [], meta: defaultMeta() },
      errors: {},
      realClients: [],
      nodes: [],
      edges: [],
      inFlight: 0,
      past: [],
      future: [],
      clip: null,
      scenarioDirty: false,
      layoutEpoch: 0,
      placedEpoch: 0,

      ingestTopology: (t) => {
        const s = get();
        const vhosts = t.vhosts.map((v) => v.name);
        if (vhosts.join('\u0000') !== s.vhosts.join('\u0000')) set({ vhosts });
        if (s.inFlight > 0) return;
        const engine = modelFromSnapshot(t, s.vhost);
        const realClients = realClientsOf(t, s.vhost);
        const sig = stableJson([engine, realClients]);
        if (sig === engineSig) return;
        engineSig = sig;
        rebuild({ engine, realClients, doc: { ...s.doc, model: withDrafts(engine, s.doc.model, s.errors) } });
      },
      onNodesChange: (changes) => set({ nodes: applyNodeChanges(changes, get().nodes) }),
      onEdgesChange: (changes) => set({ edges: applyEdgeChanges(changes, get().edges) }),
      commit: (label, next, h) => {
        const s = get();
        hints = { ...hints, ...h };
        set({ past: [...s.past, s.doc].slice(-MAX_UNDO), future: [] });
        return apply(next, label);
      },
      undo: async () => {
        const s = get();
        const target = s.past[s.past.length - 1];
        if (!target) return;
        set({ past: s.past.slice(0, -1), future: [...s.future, s.doc] });
        await apply(target, 'undo');
      },
      redo: async () => {
        const s = get();
        const target = s.future[s.future.length - 1];
        if (!target) return;
        set({ future: s.future.slice(0, -1), past: [...s.past, s.doc] });
        await apply(target, 'redo');
      },
      setClip: (clip) => set({ clip }),
      layout: () => set({ nodes: autoLayout(get().nodes, get().edges), layoutEpoch: get().layoutEpoch + 1 }),
      setVhost: (v) => {
        engineSig = '';
        set({ vhost: v, engine: emptyModel(v), doc: { ...get().doc, model: emptyModel(v) }, errors: {}, past: [], future: [], nodes: [], edges: [] });
      },
      setScenarioDirty: (scenarioDirty) => set({ scenarioDirty }),
      amend: (fn) => {
        const next = fn(get().doc);
        rebuild({ doc: { ...next, model: get().doc.model } });
      },
      settled: () => chain.then(
        () => undefined,
        () => undefined,
      ),
      selectIds: (ids) => {
        const want = new Set(ids);
        const s = get();
        pendingSelect = new Set(ids.filter((id) => !s.nodes.some((n) => n.id === id) && !s.edges.some((e) => e.id === id)));
        const flip = <T extends AppNode | AppEdge>(x: T): T => (Boolean(x.selected) === want.has(x.id) ? x : { ...x, selected: want.has(x.id) });
        set({ nodes: s.nodes.map(flip), edges: s.edges.map(flip) });
      },
    };
  });
}
