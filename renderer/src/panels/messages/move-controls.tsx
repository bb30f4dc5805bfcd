import { useState } from 'react';

export type MoveTarget = { kind: 'queue' | 'exchange'; name: string; routingKey: string };

/**
 * Where to move a queue's ready messages: another queue, or an exchange with
 * a routing key (left empty, each message keeps its own, as a shovel does).
 */
export function MoveControls({ queues, exchanges, busy, onMove }: { queues: string[]; exchanges: string[]; busy: boolean; onMove: (t: MoveTarget) => void }) {
  const [kind, setKind] = useState<MoveTarget['kind']>('queue');
  const [name, setName] = useState('');
  const [routingKey, setRoutingKey] = useState('');
  const names = kind === 'queue' ? queues : exchanges;
  const chosen = names.includes(name) ? name : '';
  return (
    <span className="row" role="group" aria-label="Move messages">
      <select className="select compact" value={kind} onChange={(e) => (setKind(e.target.value as MoveTarget['kind']), setName(''))} aria-label="Move to a queue or an exchange" data-testid="msg-move-kind">
        <option value="queue">to queue</option>
        <option value="exchange">to exchange</option>
      </select>
      <select className="select compact" value={chosen} onChange={(e) => setName(e.target.value)} aria-label={`Move to ${kind}`} data-testid="msg-move-dest">
        <option value="">move to…</option>
        {names.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      {kind === 'exchange' ? (
        <input
          className="input compact"
          value={routingKey}
          onChange={(e) => setRoutingKey(e.target.value)}
          placeholder="each message's own key"
          title="Routing key for the moved messages; empty keeps each message's own"
          aria-label="Routing key for moved messages"
          style={{ width: 150 }}
          data-testid="msg-move-key"
        />
      ) : null}
      <button type="button" className="btn small" disabled={busy || chosen === ''} onClick={() => onMove({ kind, name: chosen, routingKey })} data-testid="msg-move">
        Move
      </button>
    </span>
  );
}
