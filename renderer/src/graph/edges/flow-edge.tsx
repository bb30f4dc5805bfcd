import { BaseEdge, EdgeLabelRenderer, getBezierPath } from '@xyflow/react';
import type { EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { useUi } from '../../stores/store-context.tsx';
import { useLiveStats } from '../../stores/use-live-stats.ts';
import type { FlowFlowEdge } from '../flow-types.ts';
import { dotEdgeShape, dotPlans, edgeFlow, sideRate } from './edge-rate.ts';
import { MessageDots } from './message-dots.tsx';
import { shortLabel } from './label-geometry.ts';
import { roughRate } from '../nodes/badges.ts';

/** Messages from a producer into the broker, or from a queue to a consumer (simulated or real). */
export const FlowEdge = memo(function FlowEdge(props: EdgeProps<FlowFlowEdge>) {
  const { id, data, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition } = props;
  const [path, lx, ly] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const consume = data?.kind !== 'publish' && data?.kind !== 'client-publish';
  // Rounded to two figures; React redraws the edge only when what it draws changes, the numbers are written in place.
  const { b, live } = useLiveStats((s) => {
    const st = data ? s.stats[data.rateOf] : undefined;
    const f = edgeFlow(data ? roughRate(sideRate(st, data.rateSide)) : 0);
    return { ...f, ...dotPlans(f.dots, consume ? 'consume' : 'publish', st, data?.keys ?? [], s.bindingRates) };
  }, dotEdgeShape);
  const animate = useUi((s) => s.animate);
  const byKey = useUi((s) => s.dotColors === 'key');
  const flowing = b.fast && animate;
  const still = b.on && !animate;
  const cls = `edge-path ${consume ? 'consume' : 'publish'}${flowing ? ' flowing' : ''}${still ? ' busy' : ''}`;
  return (
    <>
      <g ref={live} data-live-var="width speed">
        <BaseEdge id={id} path={path} className={cls} style={{ strokeWidth: 'var(--live-width)', ['--flow-speed' as string]: 'var(--live-speed)' }} />
      </g>
      {b.dots > 0 && animate ? (
        <MessageDots path={path} plan={byKey ? b.planKey : b.planOutcome} />
      ) : null}
      {data && (data.label || b.on) ? (
        <EdgeLabelRenderer>
          <div ref={live} className="edge-label muted nodrag nopan" style={{ transform: `translate(-50%, -50%) translate(${lx}px, ${ly}px)` }} data-testid={`edge-label-${data.kind}`}>
            {data.label ? <span title={data.label.length > shortLabel(data.label).length ? data.label : undefined}>{shortLabel(data.label)}</span> : null}
            {b.on ? <span className="rate" data-live="rate" /> : null}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
});
