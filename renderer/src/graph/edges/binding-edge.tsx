import { BaseEdge, EdgeLabelRenderer, getBezierPath } from '@xyflow/react';
import type { EdgeProps } from '@xyflow/react';
import { memo, useState } from 'react';
import { replaceBinding } from '../../model/graph-doc.ts';
import { useStores, useUi } from '../../stores/store-context.tsx';
import { useLiveStats } from '../../stores/use-live-stats.ts';
import type { BindingFlowEdge } from '../flow-types.ts';
import { bindingDotKey, bindingText, parseHeaderArgs } from './binding-label.ts';
import { laneY, shortLabel } from './label-geometry.ts';
import { dotEdgeShape, dotPlans, edgeFlow } from './edge-rate.ts';
import { MessageDots } from './message-dots.tsx';
import { roughRate } from '../nodes/badges.ts';

/**
 * A binding. Its label is the routing key (or the header arguments); double
 * click or Enter edits it in place, and the edit rebinds in the broker.
 */
export const BindingEdge = memo(function BindingEdge(props: EdgeProps<BindingFlowEdge>) {
  const { id, data, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition } = props;
  const stores = useStores();
  const [path, lx, ly] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const [editing, setEditing] = useState<string | null>(null);
  // The binding's own rate, from the engine's per-binding counter.
  const key = data ? bindingDotKey(data.exchangeType, data.binding) : '';
  const { b: f, live } = useLiveStats((s) => {
    const flow = edgeFlow(roughRate(s.bindingRates[id] ?? 0));
    return { ...flow, ...dotPlans(flow.dots, 'binding', undefined, [{ key }], {}) };
  }, dotEdgeShape);
  const byKey = useUi((s) => s.dotColors === 'key');
  const traced = useUi((s) => s.trace?.edgeIds.includes(id) ?? false);
  const dimmed = useUi((s) => s.trace !== null && !s.trace.edgeIds.includes(id));
  if (!data) return null;
  const b = data.binding;
  const headers = data.exchangeType === 'headers';
  const text = bindingText(data.exchangeType, b);
  const animate = useUi((s) => s.animate);
  const flowing = f.fast && animate;
  const still = f.on && !animate;
  // Bindings between the same two nodes share a path: stack their labels.
  const labelY = laneY(ly, data.lane, data.lanes);

  const save = (value: string): void => {
    setEditing(null);
    let next = { ...b, routingKey: value };
    if (headers) {
      const args = parseHeaderArgs(value);
      if (typeof args === 'string') return stores.ui.getState().notify(args, 'error');
      next = { ...b, arguments: args };
    }
    if (next.routingKey === b.routingKey && JSON.stringify(next.arguments) === JSON.stringify(b.arguments)) return;
    const g = stores.graph.getState();
    void g.commit(`edit binding '${b.source}' → '${b.destination}'`, replaceBinding(g.doc, b, next));
  };
  const startEdit = (): void => setEditing(headers ? text : b.routingKey);
  const cls = ['edge-path', flowing ? 'flowing' : '', still ? 'busy' : '', data.draft || data.error ? 'draft' : '', traced ? 'traced' : ''].join(' ');
  return (
    <>
      <g ref={live} data-live-var="width speed">
        <BaseEdge id={id} path={path} className={cls} style={{ strokeWidth: traced ? undefined : 'var(--live-width)', opacity: dimmed ? 0.3 : 1, ['--flow-speed' as string]: 'var(--live-speed)' }} />
      </g>
      {f.dots > 0 && animate ? <MessageDots path={path} plan={byKey ? f.planKey : f.planOutcome} /> : null}
      <EdgeLabelRenderer>
        <div
          ref={live}
          className={`edge-label binding nodrag nopan${data.error ? ' error' : ''}${traced ? ' traced' : ''}`}
          style={{ transform: `translate(-50%, -50%) translate(${lx}px, ${labelY}px)`, opacity: dimmed ? 0.4 : 1 }}
          data-testid="binding-label"
          data-binding={id}
          title={data.error ?? `${text}\nbinding '${b.source}' → ${b.destinationType} '${b.destination}' (double-click to edit)`}
          tabIndex={editing === null ? 0 : -1}
          role="button"
          aria-label={`binding key ${text}${data.error ? `, error: ${data.error}` : ''}. Press Enter to edit.`}
          onDoubleClick={startEdit}
          onKeyDown={(e) => {
            if (editing === null && e.key === 'Enter') startEdit();
          }}
        >
          {editing !== null ? (
            <input
              autoFocus
              aria-label={headers ? 'binding arguments' : 'routing key'}
              data-testid="binding-input"
              value={editing}
              onChange={(e) => setEditing(e.target.value)}
              onBlur={() => save(editing)}
              onKeyDown={(e) => {
                e.stopPropagation();
                if (e.key === 'Enter') save(editing);
                if (e.key === 'Escape') setEditing(null);
              }}
            />
          ) : (
            <>
              <span>{shortLabel(text)}</span>
              {f.on ? <span className="rate" data-live="rate" /> : null}
            </>
          )}
        </div>
      </EdgeLabelRenderer>
    </>
  );
});
