import { formatIssue } from '../../../../engine/sim/scenario/issues.ts';
import { producerIssues } from '../../model/client-issues.ts';
import { clientIds, replaceProducer } from '../../model/graph-doc.ts';
import { producerNodeId } from '../../model/live-stats.ts';
import type { ProducerDraft } from '../../model/scenario-doc.ts';
import { useGraph, useStores } from '../../stores/store-context.tsx';
import { ArgsEditor } from './args-editor.tsx';
import { EditorFooter } from './editor-footer.tsx';
import { CheckField, FormError, NumberField, Section, SelectField, TextField } from './fields.tsx';
import { RateEditor } from './rate-editor.tsx';
import { useDraft } from './use-edit.ts';
import { selectIds } from '../../stores/graph-commands.ts';

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** A simulated producer's behaviour, validated by the simulator's own schema. */
export function ProducerInspector({ producer }: { producer: ProducerDraft }) {
  const stores = useStores();
  const doc = useGraph((s) => s.doc);
  const f = useDraft(producer);
  const p = f.draft;
  const issues = producerIssues(p, { ...doc, producers: doc.producers.map((x) => (x.id === producer.id ? p : x)) });
  const at = (path: string): string | undefined => issues.find((i) => i.path === path || i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`))?.message;
  const idTaken = p.id !== producer.id && clientIds(doc).includes(p.id);
  const other = issues.filter((i) => !['id', 'count', 'exchange', 'routingKey', 'rate', 'size', 'priority', 'expiration', 'messages'].some((k) => i.path.startsWith(k)));
  const strict = issues.filter((i) => !i.message.startsWith('unroutable'));
  const apply = (): void => {
    const g = stores.graph.getState();
    const oldId = producerNodeId(producer.id);
    const pos = g.nodes.find((n) => n.id === oldId)?.position;
    void g.commit(`edit producer '${producer.id}'`, replaceProducer(g.doc, producer.id, p), pos && p.id !== producer.id ? { [producerNodeId(p.id)]: pos } : {});
    if (p.id !== producer.id) selectIds(stores, [producerNodeId(p.id)]);
  };
  const exchanges = doc.model.exchanges.filter((x) => x.name !== '').map((x) => [x.name, x.name] as const);
  return (
    <form onSubmit={(e) => (e.preventDefault(), apply())} data-testid="producer-inspector">
      <FormError text={other[0] ? formatIssue(other[0]) : null} />
      <div className="row">
        <TextField label="Id" value={p.id} onChange={(id) => f.patch({ id })} error={idTaken ? `'${p.id}' is already used by another producer or consumer` : at('id')} mono />
        <NumberField label="Instances" value={num(p.count)} onChange={(count) => f.patch({ count })} error={at('count')} min={1} placeholder="1" />
      </div>
      <SelectField label="Exchange" value={p.exchange ?? ''} options={[['', '(AMQP default)'], ...exchanges]} onChange={(exchange) => f.patch({ exchange })} error={at('exchange')} testId="producer-exchange" />
      <TextField label="Routing key" value={p.routingKey ?? ''} onChange={(routingKey) => f.patch({ routingKey })} error={at('routingKey')} hint="template: {a|b|c}, {int:1-100}, {hex:8}, {seq}, {instance}" testId="producer-routing-key" mono />
      <RateEditor value={p.rate} onChange={(rate) => f.patch({ rate })} error={at('rate')} />
      <Section title="Messages">
        <div className="row">
          <NumberField label="Size (bytes)" value={num(p.size)} onChange={(size) => f.patch(size === undefined ? { size: 12 } : { size })} error={at('size')} placeholder="12" />
          <NumberField label="Priority" value={num(p.priority)} onChange={(priority) => f.patch({ priority })} error={at('priority')} />
        </div>
        <div className="row">
          <TextField label="Expiration" value={p.expiration === undefined ? '' : String(p.expiration)} onChange={(v) => f.patch({ expiration: v === '' ? undefined : v })} error={at('expiration')} hint="per-message TTL: 5s" />
          <NumberField label="Stop after (messages)" value={num(p.messages)} onChange={(messages) => f.patch({ messages })} error={at('messages')} />
        </div>
        <ArgsEditor label="header" title="Headers" value={(p.headers ?? {}) as Record<string, never>} onChange={(headers) => f.patch({ headers: headers as Record<string, never> })} />
        <div className="row">
          <CheckField label="Persistent" checked={p.persistent === true} onChange={(persistent) => f.patch({ persistent })} />
          <CheckField label="Mandatory" checked={p.mandatory === true} onChange={(mandatory) => f.patch({ mandatory })} hint="unroutable messages come back (basic.return)" />
          <CheckField label="Confirms" checked={p.confirm !== undefined} onChange={(on) => f.patch({ confirm: on ? { maxUnconfirmed: 100 } : undefined })} />
        </div>
        {p.confirm ? <NumberField label="Max unconfirmed" value={num(p.confirm.maxUnconfirmed)} onChange={(v) => f.patch({ confirm: { maxUnconfirmed: v ?? 0 } })} hint="0: no limit" /> : null}
      </Section>
      <Section title="Lifetime">
        <div className="row">
          <TextField label="Start at" value={String(p.startAt ?? '')} onChange={(v) => f.patch({ startAt: v === '' ? undefined : v })} hint="0, 10s" />
          <TextField label="Stop at" value={String(p.stopAt ?? '')} onChange={(v) => f.patch({ stopAt: v === '' ? undefined : v })} hint="empty: runs to the end" />
        </div>
      </Section>
      <EditorFooter changed={f.changed} valid={!idTaken && strict.length === 0} onReset={f.reset} />
    </form>
  );
}
