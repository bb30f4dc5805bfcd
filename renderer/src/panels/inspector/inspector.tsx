import type { ReactNode } from 'react';
import { Icon } from '../../components/icons.tsx';
import type { AppEdge, AppNode } from '../../graph/flow-types.ts';
import type { ClientSchedule } from '../../model/timeline-clients.ts';
import { stableJson } from '../../model/topology-model.ts';
import { deleteSelected } from '../../stores/graph-commands.ts';
import { useGraph, useStores, useUi } from '../../stores/store-context.tsx';
import { BindingInspector } from './binding-inspector.tsx';
import { ClientInspector } from './client-inspector.tsx';
import { ConsumerInspector } from './consumer-inspector.tsx';
import { ExchangeInspector } from './exchange-inspector.tsx';
import { ProducerInspector } from './producer-inspector.tsx';
import { QueueInspector } from './queue-inspector.tsx';
import { ScenarioInspector } from './scenario-inspector.tsx';

function titleOf(n: AppNode | undefined, e: AppEdge | undefined): string {
  if (n) {
    const d = n.data;
    if (d.kind === 'exchange') return `Exchange ${d.exchange.name || '(AMQP default)'}`;
    if (d.kind === 'queue') return `Queue ${d.queue.name}`;
    if (d.kind === 'producer') return `Producer ${d.producer.id}`;
    if (d.kind === 'consumer') return `Consumer ${d.consumer.id}`;
    return `Real client ${d.connection.name || d.connection.number}`;
  }
  if (e?.data?.kind === 'binding') return 'Binding';
  if (e) return 'Link';
  return 'Scenario';
}

/** When the scenario's timeline adds or removes the selected client, and what editing it changes. */
function ScheduleNote({ schedule }: { schedule: ClientSchedule }) {
  const when = [schedule.joins && `joins the run at ${schedule.joins}`, schedule.leaves && `leaves it at ${schedule.leaves}`].filter(Boolean).join(' and ');
  return (
    <p className="form-note" data-testid="schedule-note">
      <Icon name="clock" size={12} /> The scenario's timeline: this client {when}.{schedule.joins ? ' Changes here edit that timeline event; deleting it deletes the event.' : ''}
    </p>
  );
}

/** The right-hand panel: every property of the selected element, or the scenario's settings. */
export function Inspector() {
  const stores = useStores();
  const open = useUi((s) => s.inspectorOpen);
  const selection = useUi((s) => s.selection);
  const first = selection[0];
  const node = useGraph((s) => (first ? s.nodes.find((n) => n.id === first) : undefined));
  const edge = useGraph((s) => (first && !node ? s.edges.find((e) => e.id === first) : undefined));
  const nodeData = node?.data;
  const meta = useGraph((s) => (first ? null : s.doc.meta));
  const key = `${first ?? ''}:${stableJson(nodeData ?? edge?.data ?? meta)}`;
  const more = selection.length > 1 ? selection.length - 1 : 0;

  let body: ReactNode;
  if (nodeData?.kind === 'exchange') body = <ExchangeInspector key={key} exchange={nodeData.exchange} error={nodeData.error} draft={nodeData.draft} />;
  else if (nodeData?.kind === 'queue') body = <QueueInspector key={key} queue={nodeData.queue} error={nodeData.error} draft={nodeData.draft} />;
  else if (nodeData?.kind === 'producer') body = <ProducerInspector key={key} producer={nodeData.producer} />;
  else if (nodeData?.kind === 'consumer') body = <ConsumerInspector key={key} consumer={nodeData.consumer} />;
  else if (nodeData?.kind === 'client') body = <ClientInspector key={key} client={nodeData.connection} />;
  else if (edge?.data?.kind === 'binding') body = <BindingInspector key={key} binding={edge.data.binding} exchangeType={edge.data.exchangeType} error={edge.data.error} />;
  else if (edge) body = <p className="form-note">This link follows from the settings of its source: edit the {edge.data?.kind === 'dead-letter' ? "queue's dead-letter exchange" : edge.data?.kind === 'alternate' ? "exchange's alternate exchange" : 'client'}.</p>;
  else body = <ScenarioInspector key={key} />;

  const schedule = nodeData?.kind === 'producer' || nodeData?.kind === 'consumer' ? nodeData.schedule : null;
  const deletable = (node && nodeData?.kind !== 'client' && !(nodeData?.kind === 'exchange' && nodeData.exchange.builtIn)) || edge?.data?.kind === 'binding' || edge?.data?.kind === 'publish' || edge?.data?.kind === 'consume';
  return (
    <aside className={`sidebar inspector${open ? '' : ' closed'}`} aria-label="Inspector" data-testid="inspector">
      <div className="inspector-head">
        <h2>{titleOf(node, edge)}</h2>
        {more ? <span className="pill">+{more} selected</span> : null}
        {nodeData?.kind === 'queue' ? (
          <button type="button" className="btn small" onClick={() => stores.ui.getState().showTab('messages')} data-testid="open-messages">
            <Icon name="mail" size={13} /> Messages
          </button>
        ) : null}
        {nodeData?.kind === 'exchange' ? (
          <button type="button" className="btn small" onClick={() => stores.ui.getState().openDialog('publish', { exchange: nodeData.exchange.name, routingKey: '' })} data-testid="inspector-publish">
            <Icon name="send" size={13} /> Publish
          </button>
        ) : null}
        {deletable ? (
          <button type="button" className="btn icon small danger" aria-label="Delete selection" title="Delete (Del)" onClick={() => void deleteSelected(stores)} data-testid="inspector-delete">
            <Icon name="trash" size={14} />
          </button>
        ) : null}
      </div>
      <div className="inspector-body">
        {schedule ? <ScheduleNote schedule={schedule} /> : null}
        {body}
      </div>
    </aside>
  );
}
