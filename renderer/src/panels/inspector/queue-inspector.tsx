import type { JsonFieldTable } from '../../../../engine/host/field-json.ts';
import type { GraphDoc } from '../../model/graph-doc.ts';
import { replaceQueue } from '../../model/graph-doc.ts';
import type { QueueModel } from '../../model/topology-model.ts';
import { queueId } from '../../model/topology-model.ts';
import { useGraph, useStores } from '../../stores/store-context.tsx';
import { ArgsEditor } from './args-editor.tsx';
import { CheckField, FormError, NumberField, Section, SelectField, TextField } from './fields.tsx';
import { EditorFooter } from './editor-footer.tsx';
import { argOf, useDraft, useDryRun } from './use-edit.ts';
import { selectIds } from '../../stores/graph-commands.ts';
import { QueuePolicySection } from './policy-section.tsx';

const KNOWN = ['x-queue-type', 'x-message-ttl', 'x-expires', 'x-max-length', 'x-max-length-bytes', 'x-overflow', 'x-dead-letter-exchange', 'x-dead-letter-routing-key', 'x-max-priority', 'x-single-active-consumer', 'x-delivery-limit', 'x-consumer-timeout'];

function setArg(args: JsonFieldTable, key: string, v: string | number | boolean | undefined): JsonFieldTable {
  const { [key]: _old, ...rest } = args;
  return v === undefined || v === '' || v === false ? rest : { ...rest, [key]: v };
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Every queue property and `x-` argument the engine supports, checked by the engine's own rules as you type. */
export function QueueInspector({ queue, error, draft: isDraft }: { queue: QueueModel; error: string | null; draft: boolean }) {
  const stores = useStores();
  const doc = useGraph((s) => s.doc);
  const ready = useGraph((s) => s.doc.model.vhost);
  const exchanges = doc.model.exchanges.map((x) => x.name).filter((n) => n !== '');
  const f = useDraft(queue);
  const q = f.draft;
  const a = q.arguments;
  const quorum = a['x-queue-type'] === 'quorum';
  const arg = (key: string, v: string | number | boolean | undefined): void => f.patch({ arguments: setArg(a, key, v) });
  const nameTaken = q.name !== queue.name && doc.model.queues.some((x) => x.name === q.name);
  const nameError = q.name.trim() === '' ? 'a queue needs a name' : nameTaken ? `a queue named '${q.name}' already exists` : q.name.startsWith('amq.') ? `ACCESS_REFUSED - queue name '${q.name}' contains reserved prefix 'amq.*'` : undefined;
  const next: GraphDoc | null = f.changed && !nameError ? replaceQueue(doc, queue.name, q) : null;
  const errors = useDryRun(next);
  const err = errors.get(queueId(ready, q.name));
  const errArg = argOf(err);
  const fieldErr = (k: string): string | undefined => (errArg === k ? err : undefined);
  const recreate = !isDraft && f.changed;
  const policy = useGraph((s) => s.doc.model.policies.find((p) => p.name === queue.policy));
  /** An unset limit's placeholder says what the policy sets instead. */
  const byPolicy = (key: string): string | undefined => {
    const v = policy?.definition[key];
    return v === undefined ? undefined : `policy: ${typeof v === 'string' ? v : JSON.stringify(v)}`;
  };

  const apply = (): void => {
    if (!next) return;
    const g = stores.graph.getState();
    const oldId = queueId(ready, queue.name);
    const pos = g.nodes.find((n) => n.id === oldId)?.position;
    const newId = queueId(ready, q.name);
    void g.commit(`edit queue '${queue.name}'`, next, pos && newId !== oldId ? { [newId]: pos } : {});
    if (newId !== oldId) selectIds(stores, [newId]);
  };

  return (
    <form onSubmit={(e) => (e.preventDefault(), apply())} data-testid="queue-inspector">
      <FormError text={error} />
      {err && !errArg ? <FormError text={err} /> : null}
      <TextField label="Name" value={q.name} onChange={(name) => f.patch({ name })} error={nameError} testId="queue-name" mono />
      <div className="row">
        <SelectField label="Type" value={quorum ? 'quorum' : 'classic'} options={[['classic', 'Classic'], ['quorum', 'Quorum']]} onChange={(t) => f.patch(t === 'quorum' ? { durable: true, autoDelete: false, arguments: setArg(setArg(a, 'x-max-priority', undefined), 'x-queue-type', 'quorum') } : { arguments: setArg(a, 'x-queue-type', undefined) })} error={fieldErr('x-queue-type')} testId="queue-type" />
        <SelectField label="Overflow" value={(str(a['x-overflow']) || 'drop-head') as 'drop-head'} options={[['drop-head', 'drop-head'], ['reject-publish', 'reject-publish'], ['reject-publish-dlx', 'reject-publish-dlx']]} onChange={(v) => arg('x-overflow', v === 'drop-head' ? undefined : v)} error={fieldErr('x-overflow')} />
      </div>
      <div className="row">
        <CheckField label="Durable" checked={q.durable} onChange={(durable) => f.patch({ durable })} />
        <CheckField label="Auto-delete" checked={q.autoDelete} onChange={(autoDelete) => f.patch({ autoDelete })} />
      </div>
      {isDraft ? null : <QueuePolicySection queue={queue} />}
      <Section title="Limits and TTL">
        <div className="row">
          <NumberField label="Max length (x-max-length)" value={num(a['x-max-length'])} onChange={(v) => arg('x-max-length', v)} placeholder={byPolicy('max-length')} error={fieldErr('x-max-length')} testId="queue-max-length" />
          <NumberField label="Max bytes" value={num(a['x-max-length-bytes'])} onChange={(v) => arg('x-max-length-bytes', v)} placeholder={byPolicy('max-length-bytes')} error={fieldErr('x-max-length-bytes')} />
        </div>
        <div className="row">
          <NumberField label="Message TTL (ms)" value={num(a['x-message-ttl'])} onChange={(v) => arg('x-message-ttl', v)} placeholder={byPolicy('message-ttl')} error={fieldErr('x-message-ttl')} testId="queue-ttl" />
          <NumberField label="Queue expires (ms)" value={num(a['x-expires'])} onChange={(v) => arg('x-expires', v)} placeholder={byPolicy('expires')} error={fieldErr('x-expires')} />
        </div>
      </Section>
      <Section title="Dead-lettering">
        <SelectField
          label="Dead-letter exchange"
          value={typeof a['x-dead-letter-exchange'] === 'string' ? (a['x-dead-letter-exchange'] === '' ? '(default)' : a['x-dead-letter-exchange']) : '(none)'}
          options={[['(none)', 'none'], ['(default)', '(AMQP default)'], ...exchanges.map((n) => [n, n] as const)]}
          onChange={(v) => arg('x-dead-letter-exchange', v === '(none)' ? undefined : v === '(default)' ? '' : v)}
          error={fieldErr('x-dead-letter-exchange')}
          testId="queue-dlx"
        />
        <TextField label="Dead-letter routing key" value={str(a['x-dead-letter-routing-key'])} onChange={(v) => arg('x-dead-letter-routing-key', v)} error={fieldErr('x-dead-letter-routing-key')} hint="empty: keep the message's own key" mono />
        {quorum ? <NumberField label="Delivery limit (x-delivery-limit)" value={num(a['x-delivery-limit'])} onChange={(v) => arg('x-delivery-limit', v)} error={fieldErr('x-delivery-limit')} hint="RabbitMQ 4 default: 20; -1 unlimited" testId="queue-delivery-limit" /> : null}
      </Section>
      <Section title="Consumers">
        {!quorum ? <NumberField label="Max priority (x-max-priority)" value={num(a['x-max-priority'])} onChange={(v) => arg('x-max-priority', v)} error={fieldErr('x-max-priority')} hint="0–255; makes a priority queue" /> : null}
        <NumberField label="Consumer timeout (ms)" value={num(a['x-consumer-timeout'])} onChange={(v) => arg('x-consumer-timeout', v)} error={fieldErr('x-consumer-timeout')} />
        <CheckField label="Single active consumer" checked={a['x-single-active-consumer'] === true} onChange={(v) => arg('x-single-active-consumer', v)} />
      </Section>
      <Section title="Other arguments">
        <ArgsEditor label="argument" title="Arguments" value={a} hide={KNOWN} onChange={(args) => f.patch({ arguments: { ...Object.fromEntries(Object.entries(a).filter(([k]) => KNOWN.includes(k))), ...args } })} />
      </Section>
      <EditorFooter changed={f.changed} valid={next !== null && errors.size === 0} onReset={f.reset} note={recreate ? 'AMQP cannot change a declared queue: applying deletes it and declares it again, so its messages and consumers are dropped.' : undefined} />
    </form>
  );
}
