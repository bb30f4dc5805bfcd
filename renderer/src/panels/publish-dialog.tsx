import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RouteExplanationView } from '../../../engine/host/explain-view.ts';
import type { JsonFieldTable } from '../../../engine/host/field-json.ts';
import type { JsonBasicProperties } from '../../../engine/host/message-schema.ts';
import { Dialog } from '../components/dialog.tsx';
import { errorText } from '../client/engine-client.ts';
import { logEntry } from '../model/event-log.ts';
import { traceFromExplanation } from '../model/trace-view.ts';
import { useGraph, useStores, useUi } from '../stores/store-context.tsx';
import { ArgsEditor } from './inspector/args-editor.tsx';
import { CheckField, NumberField, Section, SelectField, TextField } from './inspector/fields.tsx';

/** Publish one message (as RabbitMQ's "Publish message" form) and trace the route it takes through the graph. */
export function PublishDialog() {
  const stores = useStores();
  const target = useUi((s) => s.publishTarget);
  const exchanges = useGraph(useShallow((s) => s.doc.model.exchanges.filter((x) => x.name !== '').map((x) => x.name)));
  const [exchange, setExchange] = useState(target?.exchange ?? exchanges.find((n) => !n.startsWith('amq.')) ?? '');
  const [routingKey, setRoutingKey] = useState(target?.routingKey ?? '');
  const [headers, setHeaders] = useState<JsonFieldTable>({});
  const [payload, setPayload] = useState('{"hello": "world"}');
  const [contentType, setContentType] = useState('application/json');
  const [persistent, setPersistent] = useState(false);
  const [priority, setPriority] = useState<number | undefined>(undefined);
  const [expiration, setExpiration] = useState('');
  const [messageId, setMessageId] = useState('');
  const [busy, setBusy] = useState(false);
  const ui = stores.ui.getState();
  const close = (): void => ui.openDialog(null);

  /** Ask the engine where the message goes and why; publishing also sends it (the explanation is of the message published). */
  const go = async (publish: boolean): Promise<void> => {
    const vhost = stores.graph.getState().doc.model.vhost;
    const props: JsonBasicProperties = {
      ...(contentType && { contentType }),
      ...(persistent && { deliveryMode: 2 }),
      ...(priority !== undefined && { priority }),
      ...(expiration && { expiration }),
      ...(messageId && { messageId }),
      ...(Object.keys(headers).length > 0 && { headers }),
    };
    const request = { vhost, exchange, routingKey, properties: props };
    const explain = (): Promise<RouteExplanationView> => stores.client.call('route:explain', { ...request, payloadBytes: new TextEncoder().encode(payload).length });
    let explanation: RouteExplanationView | undefined;
    let verdict = '';
    setBusy(true);
    try {
      if (publish) {
        const r = await stores.client.call('queue:publish', { ...request, payload, trace: true });
        explanation = r.explanation;
        verdict = r.routed ? 'The broker routed it.' : 'The broker returned it.';
      } else explanation = await explain();
    } catch (e) {
      verdict = `The broker refused it: ${errorText(e)}`;
      // A refused publish (internal exchange, gone meanwhile) is still explained when the user may ask.
      if (publish) explanation = await explain().catch(() => undefined);
    } finally {
      setBusy(false);
    }
    if (!explanation) {
      ui.notify(verdict, 'error');
      return;
    }
    const trace = traceFromExplanation(explanation);
    ui.setTrace({ ...trace, summary: verdict ? `${trace.summary.replace(/\.$/, '')}. ${verdict}` : trace.summary });
    stores.live.getState().log(logEntry({ at: null, category: 'trace', severity: trace.outcome === 'routed' ? 'info' : 'warn', text: `${publish ? 'published' : 'traced'} to '${exchange || '(AMQP default)'}' with key '${routingKey}': ${trace.summary}${verdict ? ` ${verdict}` : ''}` }));
    close();
  };

  return (
    <Dialog
      title="Publish a message and trace it"
      onClose={close}
      testId="publish-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={close}>
            Cancel
          </button>
          <button type="button" className="btn" disabled={busy} onClick={() => void go(false)} data-testid="trace-only">
            Trace only
          </button>
          <button type="button" className="btn primary" disabled={busy} onClick={() => void go(true)} data-testid="publish-submit">
            Publish &amp; trace
          </button>
        </>
      }
    >
      <div className="row">
        <SelectField label="Exchange" value={exchange} options={[['', '(AMQP default)'], ...exchanges.map((n) => [n, n] as const)]} onChange={setExchange} testId="publish-exchange" />
        <TextField label="Routing key" value={routingKey} onChange={setRoutingKey} testId="publish-routing-key" mono hint={exchange === '' ? 'the default exchange routes to the queue of this name' : undefined} />
      </div>
      <ArgsEditor label="header" title="Headers" value={headers} onChange={setHeaders} testId="publish-headers" />
      <div className="field">
        <label htmlFor="publish-payload">Payload</label>
        <textarea id="publish-payload" className="textarea" rows={5} value={payload} onChange={(e) => setPayload(e.target.value)} data-testid="publish-payload" />
      </div>
      <Section title="Properties">
        <div className="row">
          <TextField label="content_type" value={contentType} onChange={setContentType} mono />
          <NumberField label="priority" value={priority} onChange={setPriority} min={0} />
          <TextField label="expiration (ms)" value={expiration} onChange={setExpiration} mono />
          <TextField label="message_id" value={messageId} onChange={setMessageId} mono />
        </div>
        <CheckField label="Persistent (delivery_mode 2)" checked={persistent} onChange={setPersistent} />
      </Section>
      <p className="form-note">Published with mandatory set, so an unroutable message comes back (basic.return) instead of vanishing.</p>
    </Dialog>
  );
}
