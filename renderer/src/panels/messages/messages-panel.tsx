import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { InvokeRequest, InvokeResponses } from '../../../../engine/host/contract.ts';
import type { AckMode, MessageView } from '../../../../engine/host/message-schema.ts';
import { errorText } from '../../client/engine-client.ts';
import { logEntry } from '../../model/event-log.ts';
import { queueId } from '../../model/topology-model.ts';
import { useGraph, useStores, useUi } from '../../stores/store-context.tsx';
import { MessageRow } from './message-row.tsx';
import type { MoveTarget } from './move-controls.tsx';
import { MoveControls } from './move-controls.tsx';
import { selectIds } from '../../stores/graph-commands.ts';

const ACK_MODES: [AckMode, string][] = [
  ['ack_requeue_true', 'Nack message requeue true'],
  ['reject_requeue_true', 'Reject requeue true'],
  ['ack_requeue_false', 'Automatic ack'],
  ['reject_requeue_false', 'Reject requeue false'],
];

function moveRequest(ref: { vhost: string; queue: string }, t: MoveTarget): InvokeRequest<'queue:move'> {
  if (t.kind === 'queue') return { ...ref, destination: t.name };
  return { ...ref, destination: t.name, destinationType: 'exchange', ...(t.routingKey !== '' && { routingKey: t.routingKey }) };
}

function moveText(t: MoveTarget, r: InvokeResponses['queue:move']): string {
  const where = t.kind === 'queue' ? `queue '${t.name}'` : `exchange '${t.name}'${t.routingKey ? ` with key '${t.routingKey}'` : ''}`;
  return `${r.moved} moved to ${where}${r.stopped ? `; stopped: ${r.stopped}` : ''}`;
}

/**
 * The message browser of a queue: peek (nothing changes), get with
 * RabbitMQ's four ack modes, purge, move, redrive a dead-letter queue
 * (from each message's x-death), and publish.
 */
export function MessagesPanel() {
  const stores = useStores();
  const queues = useGraph(useShallow((s) => s.doc.model.queues.map((q) => q.name)));
  const exchanges = useGraph(useShallow((s) => s.doc.model.exchanges.filter((x) => x.name !== '' && !x.internal).map((x) => x.name)));
  const vhost = useGraph((s) => s.vhost);
  const selected = useUi((s) => s.selection[0]);
  const selectedQueue = queues.find((q) => queueId(vhost, q) === selected);
  const [picked, setPicked] = useState<string | null>(null);
  const queue = selectedQueue ?? (picked && queues.includes(picked) ? picked : queues[0]);
  const [count, setCount] = useState(10);
  const [ackmode, setAckmode] = useState<AckMode>('ack_requeue_true');
  const [messages, setMessages] = useState<MessageView[] | null>(null);
  const [note, setNote] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const ui = stores.ui.getState();
  const run = async (what: string, fn: () => Promise<string>, destructive = false): Promise<void> => {
    setBusy(true);
    try {
      const text = await fn();
      setNote(text);
      if (destructive) stores.live.getState().log(logEntry({ at: null, category: 'operation', severity: 'info', text: `${what} on queue '${queue ?? ''}': ${text}`, nodeId: queueId(vhost, queue ?? '') }));
    } catch (e) {
      setNote('');
      ui.notify(`${what} failed: ${errorText(e)}`, 'error');
    } finally {
      setBusy(false);
    }
  };
  if (!queue) return <div className="empty">No queues yet. Add one from the palette.</div>;
  const ref = { vhost, queue };
  const c = stores.client;
  const others = queues.filter((q) => q !== queue);
  return (
    <div className="messages-panel" data-testid="messages-panel">
      <div className="msg-toolbar" role="toolbar" aria-label="Message operations">
        <label className="row small-label">
          Queue
          <select className="select compact" value={queue} onChange={(e) => (setPicked(e.target.value), setMessages(null), selectIds(stores, [queueId(vhost, e.target.value)]))} data-testid="messages-queue">
            {queues.map((q) => (
              <option key={q}>{q}</option>
            ))}
          </select>
        </label>
        <label className="row small-label">
          Count
          <input className="input compact" type="number" min={1} max={1000} value={count} onChange={(e) => setCount(Math.max(1, Number(e.target.value) || 1))} style={{ width: 64 }} aria-label="Message count" />
        </label>
        <button type="button" className="btn small primary" disabled={busy} onClick={() => void run('Peek', async () => { const r = await c.call('queue:peek', { ...ref, count }); setMessages(r); return `${r.length} message${r.length === 1 ? '' : 's'} peeked; nothing was taken or marked redelivered`; })} data-testid="msg-peek">
          Peek
        </button>
        <span className="sep" />
        <select className="select compact" value={ackmode} onChange={(e) => setAckmode(e.target.value as AckMode)} aria-label="Ack mode" data-testid="msg-ackmode">
          {ACK_MODES.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
        <button type="button" className="btn small" disabled={busy} onClick={() => void run('Get', async () => { const r = await c.call('queue:get', { ...ref, count, ackmode }); setMessages(r); return `${r.length} got (${ackmode.replace(/_/g, ' ')})`; }, ackmode.endsWith('false'))} data-testid="msg-get">
          Get
        </button>
        <span className="sep" />
        <MoveControls queues={others} exchanges={exchanges} busy={busy} onMove={(t) => void run('Move', async () => moveText(t, await c.call('queue:move', moveRequest(ref, t))), true)} />
        <button type="button" className="btn small" disabled={busy} title="Send each message back to the queue it was dead-lettered from (x-death)" onClick={() => void run('Redrive', async () => { const r = await c.call('queue:redrive', ref); setMessages(null); return `${r.moved} redriven to where they died${r.skipped ? `, ${r.skipped} kept (no x-death or their queue is gone)` : ''}`; }, true)} data-testid="msg-redrive">
          Redrive DLQ
        </button>
        <button type="button" className="btn small danger" disabled={busy} onClick={() => void run('Purge', async () => { setMessages(null); return `${(await c.call('queue:purge', ref)).messageCount} ready messages purged`; }, true)} data-testid="msg-purge">
          Purge
        </button>
        <button type="button" className="btn small" onClick={() => ui.openDialog('publish', { exchange: '', routingKey: queue })} data-testid="msg-publish">
          Publish…
        </button>
      </div>
      <p className="msg-note" role="status" data-testid="msg-note">
        {note}
      </p>
      {messages === null ? (
        <p className="empty">Peek shows the first ready messages without taking them. Get takes them with the ack mode you choose (as RabbitMQ's management UI).</p>
      ) : messages.length === 0 ? (
        <p className="empty">The queue has no ready messages.</p>
      ) : (
        <ol className="msg-list" aria-label={`Messages in ${queue}`}>
          {messages.map((m, i) => (
            <MessageRow key={`${m.id}-${i}`} m={m} index={i} />
          ))}
        </ol>
      )}
    </div>
  );
}
