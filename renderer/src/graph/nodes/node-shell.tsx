import { Handle, Position } from '@xyflow/react';
import type { ReactNode, RefCallback } from 'react';
import { Icon } from '../../components/icons.tsx';
import type { IconName } from '../../components/icons.tsx';
import { useUi } from '../../stores/store-context.tsx';

/** The handles a node offers: `in` (left), `out` (right), and the dead-letter / alternate outlets (bottom). */
export interface HandleSet {
  in?: boolean;
  out?: boolean;
  dl?: boolean;
  ae?: boolean;
}

export interface NodeShellProps {
  id: string;
  kind: 'exchange' | 'queue' | 'producer' | 'consumer' | 'client';
  icon: IconName;
  name: string;
  sub: string;
  /** A short tag in the corner (REAL, SIM, DRAFT). */
  tag?: string;
  /** What the tag means, when it says more than its text (a timeline client's join time). */
  tagTitle?: string;
  /** Added by the scenario's timeline: drawn with a dashed outline. */
  scheduled?: boolean;
  handles: HandleSet;
  error?: string | null;
  /** A problem in the user's own settings (not an engine refusal): shown as a warning. */
  issue?: string | null;
  draft?: boolean;
  children?: ReactNode;
  /** The card's element, for badges written outside React (`useLiveStats`). */
  box?: RefCallback<Element>;
}

/** The card every node type draws: icon, name, type line, live stats, and any error as RabbitMQ words it. */
export function NodeShell({ id, kind, icon, name, sub, tag, tagTitle, scheduled, handles, error, issue, draft, children, box }: NodeShellProps) {
  const traced = useUi((s) => (s.trace ? (s.trace.nodeIds.includes(id) ? 'traced' : 'dimmed') : ''));
  const cls = ['node', kind, draft ? 'draft' : '', scheduled ? 'scheduled' : '', error ? 'has-error' : '', traced].filter(Boolean).join(' ');
  const label = `${sub} ${name}${tag ? `, ${tagTitle ?? tag}` : ''}${error ? `, error: ${error}` : issue ? `, warning: ${issue}` : ''}`;
  return (
    <div ref={box} className={cls} data-testid={`node-${kind}`} role="group" aria-label={label}>
      {handles.in && <Handle type="target" position={Position.Left} id="in" aria-label={`${name} input`} />}
      <div className="node-head">
        <span className="node-icon">
          <Icon name={icon} size={15} />
        </span>
        <div className="node-title">
          <div className="node-name" title={name}>
            {name === '' ? '(AMQP default)' : name}
          </div>
          <div className="node-sub">{sub}</div>
        </div>
        {tag ? (
          <span className="node-tag" title={tagTitle} data-testid="node-tag">
            {tag}
          </span>
        ) : null}
      </div>
      {children}
      {error ? (
        <div className="node-error" role="alert" data-testid="node-error">
          <Icon name="warning" size={13} />
          <span>{error}</span>
        </div>
      ) : null}
      {issue && !error ? (
        <div className="node-issue" data-testid="node-issue" title={issue}>
          <Icon name="warning" size={12} />
          <span>{issue}</span>
        </div>
      ) : null}
      {handles.out && <Handle type="source" position={Position.Right} id="out" aria-label={`${name} output`} />}
      {handles.dl && <Handle type="source" position={Position.Bottom} id="dl" className="handle-dl" isConnectable={false} aria-label="dead-letter outlet" />}
      {handles.ae && <Handle type="source" position={Position.Bottom} id="ae" className="handle-ae" isConnectable={false} aria-label="alternate exchange outlet" />}
    </div>
  );
}

/**
 * One number in a node's stats row: `value` as React renders it, or `live`,
 * the badge field written into it outside React (see `useLiveStats`).
 */
export function Stat({ label, value, live, tone, testId }: { label: string; value?: string; live?: string; tone?: 'warn' | 'bad' | undefined; testId?: string }) {
  return (
    <span className={`stat ${tone ?? ''}`} data-testid={testId}>
      {live === undefined ? <b>{value}</b> : <b data-live={live} />} {label}
    </span>
  );
}
