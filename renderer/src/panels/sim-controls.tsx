import { useEffect, useState } from 'react';
import { Icon } from '../components/icons.tsx';
import { AssertionBadge } from './assertion-summary.tsx';
import { pause, play, restart, setSpeed, step } from '../stores/sim-commands.ts';
import { useGraph, useLive, useStores } from '../stores/store-context.tsx';
import { clock } from '../util/format.ts';

const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 100];

const ENDED_BY = {
  duration: 'producers ran their duration',
  drained: 'every message was handled',
  'drain-limit': 'the drain time ran out',
  stopped: 'stopped early',
} as const;

/** Play, pause, step, speed and seed, with the run's clock and state. */
export function SimControls() {
  const stores = useStores();
  const sim = useLive((s) => s.sim);
  const time = useLive((s) => (s.sim.loaded ? s.sim.timeMs : 0));
  const dirty = useGraph((s) => s.scenarioDirty);
  const seed = useGraph((s) => s.doc.meta.seed);
  const [seedText, setSeedText] = useState(String(seed));
  useEffect(() => setSeedText(String(seed)), [seed]);
  const commitSeed = (): void => {
    const n = Number(seedText);
    if (!Number.isInteger(n) || n === seed) return setSeedText(String(seed));
    const g = stores.graph.getState();
    void g.commit('change seed', { ...g.doc, meta: { ...g.doc.meta, seed: n } });
  };
  const status = !sim.available ? 'no simulator' : !sim.loaded ? 'not loaded' : sim.finished ? 'finished' : sim.running ? 'running' : time > 0 ? 'paused' : 'ready';
  const tone = status === 'running' ? 'ok' : status === 'no simulator' ? 'danger' : '';
  const ended = sim.finished && sim.endedBy ? ENDED_BY[sim.endedBy] : null;
  return (
    <div className="group sim-controls" role="group" aria-label="Simulation">
      {sim.running ? (
        <button type="button" className="btn icon" onClick={() => void pause(stores)} aria-label="Pause simulation" title="Pause (Space)" data-testid="sim-pause">
          <Icon name="pause" />
        </button>
      ) : (
        <button type="button" className="btn icon primary" onClick={() => void play(stores)} aria-label="Run simulation" title="Run (Space)" disabled={!sim.available} data-testid="sim-play">
          <Icon name="play" />
        </button>
      )}
      <button type="button" className="btn icon" onClick={() => void step(stores, 1000)} aria-label="Step one simulated second" title="Step 1s (.)" disabled={!sim.available || sim.running} data-testid="sim-step">
        <Icon name="step" />
      </button>
      <label className="sr-only" htmlFor="sim-speed">
        Speed
      </label>
      <select id="sim-speed" className="select compact" value={sim.speed} onChange={(e) => void setSpeed(stores, Number(e.target.value))} disabled={!sim.available} data-testid="sim-speed" title="Simulated seconds per second">
        {(SPEEDS.includes(sim.speed) ? SPEEDS : [...SPEEDS, sim.speed].sort((a, b) => a - b)).map((s) => (
          <option key={s} value={s}>
            {s}×
          </option>
        ))}
      </select>
      <label className="seed" title="Seed: the same seed replays the same run">
        <span>seed</span>
        <input className="input compact mono" value={seedText} onChange={(e) => setSeedText(e.target.value)} onBlur={commitSeed} onKeyDown={(e) => e.key === 'Enter' && commitSeed()} inputMode="numeric" aria-label="Seed" data-testid="sim-seed" />
      </label>
      <span className="sim-clock mono" aria-label={sim.endsByMs !== null ? `Simulated time, of at most ${clock(sim.endsByMs)}` : 'Simulated time'} data-testid="sim-time" title={sim.durationMs !== null ? `producers run ${clock(sim.durationMs)}; the run ends by ${clock(sim.endsByMs ?? sim.durationMs)}` : undefined}>
        {clock(time)}
        {sim.durationMs !== null ? <span className="sim-clock-end"> / {clock(sim.durationMs)}</span> : null}
      </span>
      <span className={`pill ${tone}`} data-testid="sim-status" role="status" title={ended ?? undefined}>
        {status}
      </span>
      <AssertionBadge />
      {dirty && sim.loaded ? (
        <button type="button" className="btn small" onClick={() => void restart(stores)} title="The graph changed since the run started" data-testid="sim-restart">
          Restart with changes
        </button>
      ) : null}
    </div>
  );
}
