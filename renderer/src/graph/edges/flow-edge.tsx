import { BaseEdge, EdgeLabelRenderer, getBezierPath } from '@xyflow/react';
import type { EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { useUi } from '../../stores/store-context.tsx';
import { useLiveBadge } from '../../stores/use-live-badge.ts';
import { rate as fmtRate } from '../../util/format.ts';
import type { FlowFlowEdge } from '../flow-types.ts';
import { DOT_LIMIT, flowSpeed, flowWidth, redeliveredShare, sideRate } from './edge-rate.ts';
import { MessageDots } from './message-dots.tsx';
import { shortLabel } from './label-geometry.ts';
import { roughRate } from '../nodes/badges.ts';

/** Messages from a producer into the broker, or from a queue to a consumer (simulated or real). */
export const FlowEdge = memo(function FlowEdge(props: EdgeProps<FlowFlowEdge>) {
  const { id, data, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition } = props;
  const [path, lx, ly] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const consume = data?.kind !== 'publish' && data?.kind !== 'client-publish';
  // Rounded, and compared by value: the edge redraws only when its flow visibly changes.
  const [r, redelivered] = useLiveBadge((s) => {
    const st = data ? s.stats[data.rateOf] : undefined;
    return [data ? roughRate(sideRate(st, data.rateSide)) : 0, consume ? Math.round(redeliveredShare(st) * 10) / 10 : 0] as const;
  });
  const animate = useUi((s) => s.animate);
  const flowing = r > DOT_LIMIT && animate;
  const still = r > 0 && !animate;
  const cls = `edge-path ${consume ? 'consume' : 'publish'}${flowing ? ' flowing' : ''}${still ? ' busy' : ''}`;
  return (
    <>
      <BaseEdge id={id} path={path} className={cls} style={{ strokeWidth: flowWidth(r), ['--flow-speed' as string]: flowSpeed(r) }} />
      {r > 0 && !flowing && animate ? (
        <MessageDots
          path={path}
          rate={r}
          dots={(i) =>
            consume && (i + 1) / Math.max(1, Math.round(r)) <= redelivered
              ? { color: 'var(--o-redelivered)', label: 'redelivered' }
              : consume
                ? { color: 'var(--o-delivered)', label: 'delivered' }
                : { color: 'var(--o-published)', label: 'published' }
          }
        />
      ) : null}
      {data && (data.label || r > 0) ? (
        <EdgeLabelRenderer>
          <div className="edge-label muted nodrag nopan" style={{ transform: `translate(-50%, -50%) translate(${lx}px, ${ly}px)` }} data-testid={`edge-label-${data.kind}`}>
            {data.label ? <span title={data.label.length > shortLabel(data.label).length ? data.label : undefined}>{shortLabel(data.label)}</span> : null}
            {r > 0 ? <span className="rate">{fmtRate(r)}</span> : null}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
});
