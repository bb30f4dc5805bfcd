import type { ProducerDraft } from '../../model/scenario-doc.ts';
import { NumberField, SelectField, TextField } from './fields.tsx';

type Rate = ProducerDraft['rate'];
type Kind = 'constant' | 'poisson' | 'burst' | 'ramp' | 'variable';

const KINDS = [
  ['constant', 'Constant'],
  ['poisson', 'Poisson (random arrivals)'],
  ['burst', 'Bursts'],
  ['ramp', 'Ramp'],
  ['variable', 'Variable (PerfTest RATE:SECS)'],
] as const;

function kindOf(r: Rate): Kind {
  return typeof r === 'number' ? 'constant' : (r.type as Kind);
}

function obj(r: Rate): Record<string, unknown> {
  return typeof r === 'number' ? { type: 'constant', perSecond: r } : (r as Record<string, unknown>);
}

const n = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** A producer's rate: constant, Poisson, bursts, a ramp, or PerfTest's variable steps. */
export function RateEditor({ value, onChange, error }: { value: Rate; onChange: (r: Rate) => void; error?: string | undefined }) {
  const kind = kindOf(value);
  const o = obj(value);
  const set = (patch: Record<string, unknown>): void => onChange({ ...o, ...patch } as Rate);
  const switchKind = (k: Kind): void => {
    const per = n(o['perSecond']) ?? 10;
    if (k === 'constant') onChange(per);
    else if (k === 'poisson') onChange({ type: 'poisson', perSecond: per });
    else if (k === 'burst') onChange({ type: 'burst', size: 50, every: '5s', perSecond: 0 });
    else if (k === 'ramp') onChange({ type: 'ramp', from: 1, to: per * 10, over: '60s' });
    else onChange({ type: 'variable', steps: ['100:10', '1000:10'] });
  };
  return (
    <>
      <SelectField label="Rate" value={kind} options={KINDS} onChange={switchKind} error={error} testId="producer-rate-type" />
      {kind === 'constant' ? <NumberField label="Messages per second" value={typeof value === 'number' ? value : n(o['perSecond'])} onChange={(v) => onChange((v ?? 0) as Rate)} testId="producer-rate" /> : null}
      {kind === 'poisson' ? <NumberField label="Mean messages per second" value={n(o['perSecond'])} onChange={(v) => set({ perSecond: v })} /> : null}
      {kind === 'burst' ? (
        <div className="row">
          <NumberField label="Burst size" value={n(o['size'])} onChange={(v) => set({ size: v })} />
          <TextField label="Every" value={String(o['every'] ?? '')} onChange={(v) => set({ every: v })} hint="5s, 500ms" />
          <NumberField label="Between (msg/s)" value={n(o['perSecond'])} onChange={(v) => set({ perSecond: v ?? 0 })} />
        </div>
      ) : null}
      {kind === 'ramp' ? (
        <div className="row">
          <NumberField label="From (msg/s)" value={n(o['from'])} onChange={(v) => set({ from: v })} />
          <NumberField label="To (msg/s)" value={n(o['to'])} onChange={(v) => set({ to: v })} />
          <TextField label="Over" value={String(o['over'] ?? '')} onChange={(v) => set({ over: v })} />
        </div>
      ) : null}
      {kind === 'variable' ? (
        <TextField
          label="Steps"
          value={Array.isArray(o['steps']) ? (o['steps'] as unknown[]).map((s) => (typeof s === 'string' ? s : `${(s as { perSecond: number }).perSecond}:${(s as { seconds: number }).seconds}`)).join(' ') : ''}
          onChange={(v) => set({ steps: v.split(/[\s,]+/).filter(Boolean) })}
          hint="RATE:SECONDS steps, cycled: 100:10 1000:5"
          mono
        />
      ) : null}
    </>
  );
}
