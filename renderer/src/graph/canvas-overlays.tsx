import { useLive, useStores, useUi } from '../stores/store-context.tsx';

/** What an empty canvas says to a first-time user. */
export function EmptyCanvas() {
  const link = useLive((s) => s.link);
  return (
    <div className="canvas-empty" data-testid="canvas-empty">
      <div>
        <h2>{link === 'open' ? 'An empty broker' : 'Connecting…'}</h2>
        <p>
          Drag an exchange, a queue, a producer and a consumer from the palette,
          <br />
          then connect their handles. Or open an example from the gallery.
        </p>
      </div>
    </div>
  );
}

const OUTCOMES = [
  ['--o-published', 'published'],
  ['--o-delivered', 'delivered'],
  ['--o-redelivered', 'redelivered'],
  ['--o-dead', 'dead-lettered'],
  ['--o-expired', 'expired'],
  ['--o-returned', 'returned'],
] as const;

/** The message colours, in words too (colour is never the only signal); by routing key, each dot names its key on hover. */
export function CanvasLegend() {
  const stores = useStores();
  const mode = useUi((s) => s.dotColors);
  return (
    <div className="canvas-overlay legend" aria-label="Legend" data-testid="legend">
      {mode === 'outcome' ? (
        OUTCOMES.map(([color, label]) => (
          <span key={label}>
            <i style={{ background: `var(${color})` }} /> {label}
          </span>
        ))
      ) : (
        <span data-testid="legend-keys">
          <i className="key-swatch" /> colour = routing key (hover a dot)
        </span>
      )}
      <button
        type="button"
        className="btn small ghost"
        onClick={() => stores.ui.getState().setDotColors(mode === 'outcome' ? 'key' : 'outcome')}
        aria-label={`Message dots coloured by ${mode === 'outcome' ? 'outcome' : 'routing key'}. Colour by ${mode === 'outcome' ? 'routing key' : 'outcome'} instead`}
        title="Colour the travelling messages by outcome or by routing key"
        data-testid="dot-colors-toggle"
      >
        dots: {mode === 'outcome' ? 'outcome' : 'routing key'}
      </button>
      <MotionToggle />
    </div>
  );
}

const NEXT = { auto: 'on', on: 'off', off: 'auto' } as const;

/** Edge animation: auto (off on large graphs and for reduced motion), always on, or off. */
function MotionToggle() {
  const stores = useStores();
  const motion = useUi((s) => s.motion);
  const animate = useUi((s) => s.animate);
  return (
    <button
      type="button"
      className="btn small ghost"
      onClick={() => stores.ui.getState().setMotion(NEXT[motion])}
      aria-label={`Edge animation: ${motion}${motion === 'auto' ? (animate ? ', moving' : ', still') : ''}. Change`}
      title="Animate message flow: auto (still on large graphs), on, off"
      data-testid="motion-toggle"
    >
      motion: {motion}
    </button>
  );
}
