import type { JsonFieldTable } from '../../../../engine/host/field-json.ts';
import type { GraphDoc } from '../../model/graph-doc.ts';
import { replaceExchange } from '../../model/graph-doc.ts';
import type { ExchangeModel } from '../../model/topology-model.ts';
import { exchangeId } from '../../model/topology-model.ts';
import { useGraph, useStores } from '../../stores/store-context.tsx';
import { ArgsEditor } from './args-editor.tsx';
import { BindingsEditor } from './bindings-editor.tsx';
import { EditorFooter } from './editor-footer.tsx';
import { CheckField, FormError, SelectField, TextField } from './fields.tsx';
import { argOf, useDraft, useDryRun } from './use-edit.ts';
import { selectIds } from '../../stores/graph-commands.ts';
import { ExchangePolicySection } from './policy-section.tsx';

const TYPES = [
  ['direct', 'direct'],
  ['fanout', 'fanout'],
  ['topic', 'topic'],
  ['headers', 'headers'],
] as const;

/** An exchange's type, flags, alternate exchange and arguments; built-in exchanges are read-only. */
export function ExchangeInspector({ exchange, error, draft: isDraft }: { exchange: ExchangeModel; error: string | null; draft: boolean }) {
  const stores = useStores();
  const doc = useGraph((s) => s.doc);
  const v = doc.model.vhost;
  const f = useDraft(exchange);
  const x = f.draft;
  const others = doc.model.exchanges.map((e) => e.name).filter((n) => n !== '' && n !== x.name);
  const ae = typeof x.arguments['alternate-exchange'] === 'string' ? x.arguments['alternate-exchange'] : '';
  const setArgs = (args: JsonFieldTable): void => f.patch({ arguments: args });
  const nameTaken = x.name !== exchange.name && doc.model.exchanges.some((e) => e.name === x.name);
  const nameError =
    x.name.trim() === '' ? 'an exchange needs a name' : nameTaken ? `an exchange named '${x.name}' already exists` : x.name !== exchange.name && x.name.startsWith('amq.') ? `ACCESS_REFUSED - exchange name '${x.name}' contains reserved prefix 'amq.*'` : undefined;
  const next: GraphDoc | null = f.changed && !nameError && !exchange.builtIn ? replaceExchange(doc, exchange.name, x) : null;
  const errors = useDryRun(next);
  const err = errors.get(exchangeId(v, x.name));
  const apply = (): void => {
    if (!next) return;
    const g = stores.graph.getState();
    const oldId = exchangeId(v, exchange.name);
    const newId = exchangeId(v, x.name);
    const pos = g.nodes.find((n) => n.id === oldId)?.position;
    void g.commit(`edit exchange '${exchange.name}'`, next, pos && newId !== oldId ? { [newId]: pos } : {});
    if (newId !== oldId) selectIds(stores, [newId]);
  };
  if (exchange.builtIn) {
    return (
      <div className="form-note" data-testid="exchange-inspector">
        '{exchange.name || '(AMQP default)'}' is a {exchange.type} exchange every RabbitMQ broker declares itself. It cannot be changed or deleted.
      </div>
    );
  }
  return (
    <>
    <form onSubmit={(e) => (e.preventDefault(), apply())} data-testid="exchange-inspector">
      <FormError text={error} />
      <FormError text={err && argOf(err) !== 'alternate-exchange' ? err : undefined} />
      <TextField label="Name" value={x.name} onChange={(name) => f.patch({ name })} error={nameError} testId="exchange-name" mono />
      <SelectField label="Type" value={x.type as 'direct'} options={TYPES} onChange={(type) => f.patch({ type })} testId="exchange-type" />
      <div className="row">
        <CheckField label="Durable" checked={x.durable} onChange={(durable) => f.patch({ durable })} />
        <CheckField label="Auto-delete" checked={x.autoDelete} onChange={(autoDelete) => f.patch({ autoDelete })} />
        <CheckField label="Internal" checked={x.internal} onChange={(internal) => f.patch({ internal })} hint="clients cannot publish to it; only exchange-to-exchange bindings feed it" />
      </div>
      <SelectField
        label="Alternate exchange"
        value={ae === '' ? '(none)' : ae}
        options={[['(none)', 'none'], ...others.map((n) => [n, n] as const)]}
        onChange={(n) => {
          const { 'alternate-exchange': _old, ...rest } = x.arguments;
          setArgs(n === '(none)' ? rest : { ...rest, 'alternate-exchange': n });
        }}
        hint="where messages go that no binding matched"
        error={argOf(err) === 'alternate-exchange' ? err : undefined}
        testId="exchange-ae"
      />
      {isDraft ? null : <ExchangePolicySection exchange={exchange} />}
      <ArgsEditor label="argument" title="Other arguments" value={x.arguments} hide={['alternate-exchange']} onChange={(args) => setArgs(ae ? { ...args, 'alternate-exchange': ae } : args)} />
      <EditorFooter
        changed={f.changed}
        valid={next !== null && errors.size === 0}
        onReset={f.reset}
        note={!isDraft ? 'AMQP cannot change a declared exchange: applying deletes it and declares it again, then restores its bindings.' : undefined}
      />
    </form>
    {!isDraft ? <BindingsEditor exchange={exchange} /> : null}
    </>
  );
}
