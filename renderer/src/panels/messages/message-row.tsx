import { useState } from 'react';
import type { MessageView } from '../../../../engine/host/message-schema.ts';
import { Icon } from '../../components/icons.tsx';
import { bytes } from '../../util/format.ts';
import { BodyView } from './body-view.tsx';

interface Death {
  reason?: string;
  queue?: string;
  exchange?: string;
  count?: number;
}

/** The newest `x-death` entry of a message, for the list. */
export function deathOf(m: MessageView): Death | undefined {
  const d = m.properties.headers?.['x-death'];
  if (!Array.isArray(d) || d.length === 0) return undefined;
  const first = d[0];
  if (typeof first !== 'object' || first === null || Array.isArray(first)) return undefined;
  const t = first as Record<string, unknown>;
  const count = t['count'];
  return {
    ...(typeof t['reason'] === 'string' && { reason: t['reason'] }),
    ...(typeof t['queue'] === 'string' && { queue: t['queue'] }),
    ...(typeof t['exchange'] === 'string' && { exchange: t['exchange'] }),
    ...(typeof count === 'number' ? { count } : typeof count === 'object' && count !== null && 'value' in count ? { count: Number((count as { value: unknown }).value) } : {}),
  };
}

/** Typed AMQP fields (`{"$type":"int64","value":1}`) shown as their value, as the management UI does. */
function plainTyped(_key: string, v: unknown): unknown {
  return typeof v === 'object' && v !== null && '$type' in v && 'value' in v ? (v as { value: unknown }).value : v;
}

/** One message: a summary line; expanded, its properties, headers (x-death included) and body. */
export function MessageRow({ m, index }: { m: MessageView; index: number }) {
  const [open, setOpen] = useState(index === 0);
  const death = deathOf(m);
  const { headers, ...props } = m.properties;
  return (
    <li className="msg" data-testid="message-row">
      <button type="button" className="msg-summary" aria-expanded={open} onClick={() => setOpen(!open)}>
        <Icon name="chevron" size={12} className={open ? 'rot' : ''} />
        <span className="mono">#{m.id}</span>
        <span className="msg-rk mono" title="routing key">
          {m.exchange === '' ? '(default)' : m.exchange} → {m.routingKey || '""'}
        </span>
        {m.redelivered ? <span className="pill warn">redelivered</span> : null}
        {m.deliveryCount > 0 ? <span className="pill warn">delivery count {m.deliveryCount}</span> : null}
        {death ? (
          <span className="pill danger" data-testid="x-death">
            dead-lettered: {death.reason ?? '?'} from {death.queue ?? '?'}
            {death.count !== undefined ? ` ×${death.count}` : ''}
          </span>
        ) : null}
        <span className="spacer" />
        <span className="msg-size">{bytes(m.payloadBytes)}</span>
      </button>
      {open ? (
        <div className="msg-detail">
          <div className="msg-props">
            <h4>Properties</h4>
            <dl className="props">
              {Object.entries(props).map(([k, v]) => (
                <div key={k} className="contents">
                  <dt>{k}</dt>
                  <dd className="mono">{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
                </div>
              ))}
              {Object.keys(props).length === 0 ? <dd className="muted">none</dd> : null}
            </dl>
            <h4>Headers</h4>
            <pre className="body-pre mono small" data-testid="message-headers">
              {headers ? JSON.stringify(headers, plainTyped, 2) : 'none'}
            </pre>
          </div>
          <div className="msg-body">
            <h4>Body</h4>
            <BodyView m={m} />
          </div>
        </div>
      ) : null}
    </li>
  );
}
