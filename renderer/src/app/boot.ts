import type { EngineClient } from '../client/engine-client.ts';
import { desktopBridge, ipcEngineClient } from '../client/ipc-engine-client.ts';
import { createLiveFeed } from '../client/live-feed.ts';
import { touchesGraph } from '../model/graph-leaves.ts';
import type { WsConnection } from '../client/ws-engine-client.ts';
import { connectWebSocket, socketUrl, takeToken } from '../client/ws-engine-client.ts';
import { createGraphStore } from '../stores/graph-store.ts';
import type { GraphStore } from '../stores/graph-store.ts';
import { sendClientEdits } from '../stores/live-edits.ts';
import { createLiveStore } from '../stores/live-store.ts';
import type { AppStores } from '../stores/store-context.tsx';
import { syncTheme } from '../stores/theme-sync.ts';
import { createUiStore } from '../stores/ui-store.ts';

/** How the renderer reaches its host: the preload bridge in the desktop app, else the page's own `/ws`. */
export async function connectHost(): Promise<{ client: EngineClient; ws?: WsConnection }> {
  const bridge = desktopBridge();
  if (bridge) return { client: ipcEngineClient(bridge) };
  const ws = await connectWebSocket(socketUrl(takeToken()));
  return { client: ws.client, ws };
}

/** Graphs with more nodes than this are repainted at most twice a second. */
const LARGE_GRAPH = 40;

/** Create the window's stores over a client and feed them the host's pushes. */
export function createStores(client: EngineClient): { stores: AppStores; dispose: () => void } {
  const live = createLiveStore();
  const ui = createUiStore();
  const graph: GraphStore = createGraphStore({
    client,
    log: (e) => live.getState().log(e),
    // While a run goes, client edits on the graph go to it (unless the graph already differs from the run).
    liveEdits: (before, after) =>
      graph.getState().scenarioDirty
        ? Promise.resolve(false)
        : sendClientEdits(
            {
              client,
              sim: () => live.getState().sim,
              setSim: (s) => live.getState().setSim(s),
              notify: (text) => ui.getState().notify(text, 'error'),
              amend: (fn) => graph.getState().amend(fn),
            },
            before,
            after,
          ),
  });
  const stores: AppStores = { client, graph, live, ui };
  let lastIngest = -Infinity;
  // Whether a push since the graph last took the topology may have changed its structure (a whole snapshot, or a delta beyond counters).
  let topologyDirty = true;
  const feed = createLiveFeed(client, (snap, full, changed) => {
    topologyDirty ||= full || changed === undefined || touchesGraph(changed);
    // Large graphs take at most two pushes a second: counts are cumulative and each snapshot (whole or rebuilt) complete, so skipping one loses nothing but repaints.
    const now = performance.now();
    if (graph.getState().nodes.length > LARGE_GRAPH && now - lastIngest < 450) return;
    lastIngest = now;
    const vhost = graph.getState().vhost;
    live.getState().ingestSnapshot(snap, vhost);
    // Counter-only deltas (most pushes of a run) skip the graph's rebuild check; while commands are in flight it ignores snapshots, so the flag waits.
    if (!topologyDirty || graph.getState().inFlight > 0) return;
    topologyDirty = false;
    graph.getState().ingestTopology(snap.topology);
  });
  const offs = [
    client.onLinkState((s, detail) => live.getState().setLink(s, detail)),
    feed.dispose,
    client.on('events', (batch) => live.getState().ingestEvents(batch)),
    syncTheme(client, ui),
  ];
  // The first snapshot may have been pushed before these listeners: ask for the topology once.
  void client
    .call('topology:get', {})
    .then((t) => graph.getState().ingestTopology(t))
    .catch(() => undefined);
  return { stores, dispose: () => offs.forEach((o) => o()) };
}
