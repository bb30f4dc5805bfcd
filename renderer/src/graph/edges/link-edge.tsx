import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath } from '@xyflow/react';
import type { EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { headline } from '../../model/node-stats.ts';
import { useUi } from '../../stores/store-context.tsx';
import { useLiveStats } from '../../stores/use-live-stats.ts';
import type { LinkFlowEdge } from '../flow-types.ts';
import { dotEdgeShape, dotPlans, edgeFlow } from './edge-rate.ts';
import { MessageDots } from './message-dots.tsx';
import { shortLabel } from './label-geometry.ts';
import { roughRate } from '../nodes/badges.ts';

/** A dead-letter link (queue → its DLX) or an alternate-exchange link, dashed; dead-letters travel as dots. */
export const LinkEdge = memo(function LinkEdge(props: EdgeProps<LinkFlowEdge>) {
  const { id, data, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition } = props;
  const [path, lx, ly] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, offset: 24, borderRadius: 10 });
  const dead = data?.kind === 'dead-letter';
  const { b: f, live } = useLiveStats((s) => {
    const st = dead && data ? s.stats[data.rateOf] : undefined;
    // Dead-letters travel as dots at any rate: expired ones in their own colour; by key, the dead-letter routing key when the queue sets one.
    const flow = edgeFlow(st ? roughRate(headline(st.rates).deadLettered) : 0, true);
    return { ...flow, ...dotPlans(flow.dots, 'dead-letter', st, data?.key ? [{ key: data.key }] : [], {}) };
  }, dotEdgeShape);
  const byKey = useUi((s) => s.dotColors === 'key');
  const traced = useUi((s) => s.trace?.edgeIds.includes(id) ?? false);
  const animate = useUi((s) => s.animate);
  return (
    <>
      <BaseEdge id={id} path={path} className={`edge-path link ${data?.kind ?? ''}${traced ? ' traced' : ''}`} />
      {f.dots > 0 && animate ? <MessageDots path={path} plan={byKey ? f.planKey : f.planOutcome} /> : null}
      <EdgeLabelRenderer>
        <div ref={live} className={`edge-label muted nodrag nopan${traced ? ' traced' : ''}`} style={{ transform: `translate(-50%, -50%) translate(${lx}px, ${ly}px)` }} data-testid={`edge-label-${data?.kind ?? 'link'}`}>
          <span title={data && data.label.length > shortLabel(data.label).length ? data.label : undefined}>{shortLabel(data?.label ?? '')}</span>
          {f.on ? <span className="rate" data-live="rate" /> : null}
        </div>
      </EdgeLabelRenderer>
    </>
  );
});

