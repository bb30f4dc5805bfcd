import { formatIssue } from '../../../../engine/sim/scenario/issues.ts';
import { consumerIssues } from '../../model/client-issues.ts';
import { clientIds, replaceConsumer } from '../../model/graph-doc.ts';
import { consumerNodeId } from '../../model/live-stats.ts';
import type { ConsumerDraft } from '../../model/scenario-doc.ts';
import { useGraph, useStores } from '../../stores/store-context.tsx';
import { EditorFooter } from './editor-footer.tsx';
import { CheckField, FormError, NumberField, Section, SelectField, TextField } from './fields.tsx';
import { useDraft } from './use-edit.ts';
import { selectIds } from '../../stores/graph-commands.ts';

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
type Failures = NonNullable<ConsumerDraft['failures']>;

/** A simulated consumer's behaviour: prefetch, acks, processing time, and how it fails. */
export function ConsumerInspector({ consumer }: { consumer: ConsumerDraft }) {
  const stores = useStores();
  const doc = useGraph((s) => s.doc);
  const f = useDraft(consumer);
  const c = f.draft;
  const issues = consumerIssues(c, doc);
  const at = (path: string): string | undefined => issues.find((i) => i.path === path || i.path.startsWith(`${path}.`))?.message;
  const idTaken = c.id !== consumer.id && clientIds(doc).includes(c.id);
  const known = ['id', 'count', 'queue', 'prefetch', 'channelPrefetch', 'multiAckEvery', 'processingTime', 'rateLimit', 'failures', 'priority', 'pollInterval', 'messages'];
  const other = issues.filter((i) => !known.some((k) => i.path.startsWith(k)));
  const fail: Failures = c.failures ?? {};
  const setFail = (patch: Partial<Failures>): void => f.patch({ failures: { ...fail, ...patch } });
  const apply = (): void => {
    const g = stores.graph.getState();
    const oldId = consumerNodeId(consumer.id);
    const pos = g.nodes.find((n) => n.id === oldId)?.position;
    void g.commit(`edit consumer '${consumer.id}'`, replaceConsumer(g.doc, consumer.id, c), pos && c.id !== consumer.id ? { [consumerNodeId(c.id)]: pos } : {});
    if (c.id !== consumer.id) selectIds(stores, [consumerNodeId(c.id)]);
  };
  const queues = doc.model.queues.map((q) => [q.name, q.name] as const);
  const proc = typeof c.processingTime === 'number' ? c.processingTime : undefined;
  return (
    <form onSubmit={(e) => (e.preventDefault(), apply())} data-testid="consumer-inspector">
      <FormError text={other[0] ? formatIssue(other[0]) : null} />
      <div className="row">
        <TextField label="Id" value={c.id} onChange={(id) => f.patch({ id })} error={idTaken ? `'${c.id}' is already used by another producer or consumer` : at('id')} mono />
        <NumberField label="Instances" value={num(c.count)} onChange={(count) => f.patch({ count })} error={at('count')} min={1} placeholder="1" testId="consumer-count" />
      </div>
      <SelectField label="Queue" value={c.queue ?? ''} options={[['', '(not connected)'], ...queues]} onChange={(queue) => f.patch({ queue: queue === '' ? undefined : queue })} error={at('queue')} testId="consumer-queue" />
      <Section title="Acknowledgements">
        <CheckField label="Auto-ack (no acknowledgements)" checked={c.autoAck === true} onChange={(autoAck) => f.patch({ autoAck })} />
        <div className="row">
          <NumberField label="Prefetch" value={num(c.prefetch)} onChange={(prefetch) => f.patch({ prefetch })} error={at('prefetch')} hint="0: unlimited" placeholder="0" testId="consumer-prefetch" />
          <NumberField label="Channel prefetch" value={num(c.channelPrefetch)} onChange={(channelPrefetch) => f.patch({ channelPrefetch })} error={at('channelPrefetch')} placeholder="0" />
          <NumberField label="Ack every" value={num(c.multiAckEvery)} onChange={(multiAckEvery) => f.patch({ multiAckEvery })} error={at('multiAckEvery')} placeholder="1" />
        </div>
      </Section>
      <Section title="Processing">
        <div className="row">
          <NumberField label="Processing time (ms)" value={proc} onChange={(processingTime) => f.patch({ processingTime: processingTime ?? 0 })} error={at('processingTime')} placeholder="0" testId="consumer-processing" />
          <NumberField label="Rate limit (msg/s)" value={num(c.rateLimit)} onChange={(rateLimit) => f.patch({ rateLimit })} error={at('rateLimit')} />
        </div>
        <div className="row">
          <SelectField label="Mode" value={c.mode ?? 'consume'} options={[['consume', 'basic.consume'], ['get', 'basic.get polling']]} onChange={(mode) => f.patch({ mode })} />
          <NumberField label="Consumer priority" value={num(c.priority)} onChange={(priority) => f.patch({ priority })} error={at('priority')} />
        </div>
        <CheckField label="Exclusive consumer" checked={c.exclusive === true} onChange={(exclusive) => f.patch({ exclusive })} />
      </Section>
      <Section title="Failures (probability per message)">
        <div className="row">
          <NumberField label="Nack + requeue" value={num(fail.nackRequeue)} onChange={(v) => setFail({ nackRequeue: v ?? 0 })} error={at('failures')} step={0.01} testId="consumer-nack" />
          <NumberField label="Reject → DLX" value={num(fail.rejectToDlx)} onChange={(v) => setFail({ rejectToDlx: v ?? 0 })} step={0.01} testId="consumer-reject" />
        </div>
        <div className="row">
          <NumberField label="Crash" value={num(fail.crash)} onChange={(v) => setFail({ crash: v ?? 0 })} step={0.01} />
          <NumberField label="Hang" value={num(fail.hang)} onChange={(v) => setFail({ hang: v ?? 0 })} step={0.01} />
        </div>
      </Section>
      <EditorFooter changed={f.changed} valid={!idTaken && issues.length === 0} onReset={f.reset} />
    </form>
  );
}
