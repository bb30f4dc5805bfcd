import type { RealClient } from '../../graph/flow-types.ts';
import { headline } from '../../model/node-stats.ts';
import { useGraph, useLive, useStores } from '../../stores/store-context.tsx';
import { rate } from '../../util/format.ts';

function publishTargets(c: RealClient): string {
  const all = [...c.publishesTo.map((x) => `exchange ${x}`), ...c.sendsTo.map((q) => `queue ${q} (default exchange)`)];
  return all.length === 0 ? 'nothing yet' : all.join(', ');
}

/** A real AMQP client: who it is and what it consumes (read-only: it is not ours to change). */
export function ClientInspector({ client }: { client: RealClient }) {
  const st = useLive((s) => s.stats[client.id]);
  const h = st ? headline(st.rates) : undefined;
  const stores = useStores();
  const known = useGraph((s) => s.doc.model.users.some((u) => u.name === client.user));
  return (
    <div data-testid="client-inspector">
      <p className="form-note">A real AMQP client connected to the embedded broker. Brokerlab shows it; it does not control it.</p>
      <dl className="props">
        <dt>Connection</dt>
        <dd>
          {client.number} · {client.name || '(unnamed)'}
        </dd>
        <dt>User</dt>
        <dd>
          {known ? (
            <button type="button" className="linklike accent mono" onClick={() => stores.ui.getState().editUser(client.user)} title="Open this user in the Users tab" data-testid="client-user-link">
              {client.user}
            </button>
          ) : (
            client.user
          )}
        </dd>
        <dt>Peer</dt>
        <dd className="mono">{client.peer ?? 'local'}</dd>
        <dt>Channels</dt>
        <dd>{client.channels}</dd>
        <dt>Publishing</dt>
        <dd>{rate(h?.published)}</dd>
        <dt>Receiving</dt>
        <dd>{rate(h?.delivered)}</dd>
        <dt>Publishes to</dt>
        <dd data-testid="client-publishes">{publishTargets(client)}</dd>
        <dt>Consumes</dt>
        <dd>{client.consumes.length === 0 ? 'nothing' : client.consumes.map((c) => `${c.queue} (${c.tag})`).join(', ')}</dd>
      </dl>
    </div>
  );
}
