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

/** The message colours, in words too (colour is never the only signal). */
export function CanvasLegend() {
  return (
    <div className="canvas-overlay legend" aria-label="Legend">
      <span>
        <i style={{ background: 'var(--o-published)' }} /> published
      </span>
      <span>
        <i style={{ background: 'var(--o-delivered)' }} /> delivered
      </span>
      <span>
        <i style={{ background: 'var(--o-redelivered)' }} /> redelivered
      </span>
      <span>
        <i style={{ background: 'var(--o-dead)' }} /> dead-lettered
      </span>
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
