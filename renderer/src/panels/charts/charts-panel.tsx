import { useMemo } from 'react';
import type { AppNode } from '../../graph/flow-types.ts';
import { useGraph, useLive, useStores, useUi } from '../../stores/store-context.tsx';
import type { ChartWindow } from '../../stores/ui-store.ts';
import { ChartCard } from './chart-card.tsx';
import { CHARTS } from './series-defs.ts';
import { useThrottled } from '../../util/use-paced.ts';

/** Charts take a new sample at most this often (the history gains one a second). */
const REDRAW_MS = 2000;
/** The charts redraw one after another, this far apart, not all in one frame. */
const STAGGER_MS = 120;

const WINDOWS: [ChartWindow, string][] = [
  [60_000, '1 min'],
  [300_000, '5 min'],
  [900_000, '15 min'],
];

function nodeName(n: AppNode | undefined): string | undefined {
  if (!n) return undefined;
  const d = n.data;
  return d.kind === 'exchange' ? `exchange ${d.exchange.name}` : d.kind === 'queue' ? `queue ${d.queue.name}` : d.kind === 'producer' ? `producer ${d.producer.id}` : d.kind === 'consumer' ? `consumer ${d.consumer.id}` : `client ${d.connection.name}`;
}

/** Charts over a chosen window, overall or for the selected node; they read the sampled history only. */
export function ChartsPanel() {
  const stores = useStores();
  // A redraw of the four charts is the heaviest thing the studio does: at most every REDRAW_MS, each in its own frame.
  const version = useThrottled(useLive((s) => s.historyVersion), REDRAW_MS);
  const win = useUi((s) => s.chartWindow);
  const mode = useUi((s) => s.chartEntity);
  const selected = useUi((s) => s.selection[0]);
  const node = useGraph((s) => (selected ? s.nodes.find((n) => n.id === selected) : undefined));
  const entity = mode === 'selection' && node ? node.id : 'total';
  const subject = entity === 'total' ? 'the whole broker' : (nodeName(node) ?? entity);
  const points = useMemo(() => {
    const h = stores.live.getState().history;
    return h.window(entity, h.lastTime - win);
  }, [stores, entity, win, version]);
  const ui = stores.ui.getState();
  // While a scenario is loaded, time is its clock: rates per simulated second, whatever the speed.
  const simulated = useLive((s) => s.sim.loaded);
  const speed = useLive((s) => s.sim.speed);
  return (
    <div className="charts-panel">
      <div className="charts-toolbar" role="toolbar" aria-label="Chart options">
        <div className="segmented" role="radiogroup" aria-label="Subject">
          <button type="button" role="radio" aria-checked={mode !== 'selection'} className="btn small" onClick={() => ui.setChartEntity(null)} data-testid="chart-subject-total">
            Overall
          </button>
          <button type="button" role="radio" aria-checked={mode === 'selection'} className="btn small" onClick={() => ui.setChartEntity('selection')} data-testid="chart-subject-selection">
            Selected node
          </button>
        </div>
        <span className="chart-subject" data-testid="chart-subject">
          {mode === 'selection' && !node ? 'select a node on the graph' : subject}
        </span>
        <span className="spacer" />
        <span className="chart-clock" data-testid="chart-clock" title={simulated ? 'Rates are per simulated second and the time axis is the run’s clock, so they read the same at any speed.' : 'No scenario is loaded: rates are per second of the broker’s clock.'}>
          {simulated ? `simulated time · running at ${speed}×` : 'broker time'}
        </span>
        <label className="row small-label">
          Window
          <select className="select compact" value={win} onChange={(e) => ui.setChartWindow(Number(e.target.value) as ChartWindow)} data-testid="chart-window">
            {WINDOWS.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="charts-grid">
        {CHARTS.map((def, i) => (
          <ChartCard key={def.id} def={def} points={points} subject={subject} lagMs={i * STAGGER_MS} simulated={simulated} />
        ))}
      </div>
    </div>
  );
}
