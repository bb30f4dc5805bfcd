import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath } from '@xyflow/react';
import type { EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { headline } from '../../model/node-stats.ts';
import { useUi } from '../../stores/store-context.tsx';
import { useLiveBadge } from '../../stores/use-live-badge.ts';
import { rate as fmtRate } from '../../util/format.ts';
import type { LinkFlowEdge } from '../flow-types.ts';
import { DOT_LIMIT } from './edge-rate.ts';
import { MessageDots } from './message-dots.tsx';
import { shortLabel } from './label-geometry.ts';
import { roughRate } from '../nodes/badges.ts';

/** A dead-letter link (queue → its DLX) or an alternate-exchange link, dashed; dead-letters travel as dots. */
export const LinkEdge = memo(function LinkEdge(props: EdgeProps<LinkFlowEdge>) {
  const { id, data, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition } = props;
  const [path, lx, ly] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, offset: 24, borderRadius: 10 });
  const dead = data?.kind === 'dead-letter';
  const r = useLiveBadge((s) => {
    const st = dead && data ? s.stats[data.rateOf] : undefined;
    return st ? roughRate(headline(st.rates).deadLettered) : 0;
  });
  const traced = useUi((s) => s.trace?.edgeIds.includes(id) ?? false);
  const animate = useUi((s) => s.animate);
  return (
    <>
      <BaseEdge id={id} path={path} className={`edge-path link ${data?.kind ?? ''}${traced ? ' traced' : ''}`} />
      {r > 0 && animate ? <MessageDots path={path} rate={Math.min(r, DOT_LIMIT)} dots={() => ({ color: 'var(--o-dead)', label: 'dead-lettered' })} /> : null}
      <EdgeLabelRenderer>
        <div className={`edge-label muted nodrag nopan${traced ? ' traced' : ''}`} style={{ transform: `translate(-50%, -50%) translate(${lx}px, ${ly}px)` }} data-testid={`edge-label-${data?.kind ?? 'link'}`}>
          <span title={data && data.label.length > shortLabel(data.label).length ? data.label : undefined}>{shortLabel(data?.label ?? '')}</span>
          {r > 0 ? <span className="rate">{fmtRate(r)}</span> : null}
        </div>
      </EdgeLabelRenderer>
    </>
  );
});

