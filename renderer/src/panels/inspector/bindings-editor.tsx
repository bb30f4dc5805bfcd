import { useState } from 'react';
import type { ExchangeModel } from '../../model/topology-model.ts';
import { bindingKey } from '../../model/topology-model.ts';
import { defaultBinding } from '../../model/graph-doc.ts';
import { Icon } from '../../components/icons.tsx';
import { useGraph, useStores } from '../../stores/store-context.tsx';
import { bindingText } from '../../graph/edges/binding-label.ts';

/**
 * An exchange's bindings as a list, with a row to add one: the keyboard's
 * way to bind (the graph's is dragging between handles).
 */
export function BindingsEditor({ exchange }: { exchange: ExchangeModel }) {
  const stores = useStores();
  const doc = useGraph((s) => s.doc);
  const [dest, setDest] = useState('');
  const [key, setKey] = useState('');
  const mine = doc.model.bindings.filter((b) => b.source === exchange.name);
  const targets = [...doc.model.queues.map((q) => `queue:${q.name}`), ...doc.model.exchanges.filter((x) => !x.builtIn && x.name !== exchange.name).map((x) => `exchange:${x.name}`)];
  const g = stores.graph.getState();
  const add = (): void => {
    if (!dest) return;
    const [type, ...rest] = dest.split(':');
    const name = rest.join(':');
    const b = { ...defaultBinding(exchange, name, type as 'queue' | 'exchange'), ...(exchange.type !== 'headers' && key !== '' && { routingKey: key }) };
    void g.commit(`bind ${type} '${name}' to '${exchange.name}'`, { ...g.doc, model: { ...g.doc.model, bindings: [...g.doc.model.bindings, b] } });
    setKey('');
  };
  return (
    <section aria-label={`Bindings of ${exchange.name}`} data-testid="bindings-editor">
      <h3 className="section-title">Bindings</h3>
      <ul className="binding-list">
        {mine.length === 0 ? <li className="hint">No bindings yet: drag from this exchange to a queue, or add one here.</li> : null}
        {mine.map((b) => (
          <li key={bindingKey(b)}>
            <span className="mono">{bindingText(exchange.type, b)}</span> → {b.destinationType} <b>{b.destination}</b>
            <button
              type="button"
              className="btn icon ghost small"
              aria-label={`Remove binding to ${b.destination} with key ${b.routingKey}`}
              onClick={() => void g.commit(`unbind '${b.destination}'`, { ...g.doc, model: { ...g.doc.model, bindings: g.doc.model.bindings.filter((x) => bindingKey(x) !== bindingKey(b)) } })}
            >
              <Icon name="x" size={12} />
            </button>
          </li>
        ))}
      </ul>
      <div className="row">
        <select className="select" aria-label="Bind to" value={dest} onChange={(e) => setDest(e.target.value)} data-testid="bind-destination">
          <option value="">bind to…</option>
          {targets.map((t) => (
            <option key={t} value={t}>
              {t.replace(':', ' ')}
            </option>
          ))}
        </select>
        {exchange.type !== 'headers' && exchange.type !== 'fanout' ? <input className="input mono" aria-label="Routing key" placeholder="routing key" value={key} onChange={(e) => setKey(e.target.value)} data-testid="bind-key" /> : null}
        <button type="button" className="btn" onClick={add} disabled={!dest} data-testid="bind-add">
          Bind
        </button>
      </div>
    </section>
  );
}
