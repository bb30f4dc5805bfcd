import type { GraphDoc } from '../../model/graph-doc.ts';
import { replaceBinding } from '../../model/graph-doc.ts';
import type { BindingModel } from '../../model/topology-model.ts';
import { bindingKey } from '../../model/topology-model.ts';
import { useGraph, useStores } from '../../stores/store-context.tsx';
import { ArgsEditor } from './args-editor.tsx';
import { EditorFooter } from './editor-footer.tsx';
import { FormError, SelectField, TextField } from './fields.tsx';
import { useDraft, useDryRun } from './use-edit.ts';
import { selectIds } from '../../stores/graph-commands.ts';

const MATCH = [
  ['all', 'all: every header must match'],
  ['any', 'any: one header is enough'],
  ['all-with-x', 'all-with-x (compare x- headers too)'],
  ['any-with-x', 'any-with-x'],
] as const;

/** A binding's routing key (or header arguments and x-match mode). */
export function BindingInspector({ binding, exchangeType, error }: { binding: BindingModel; exchangeType: string; error: string | null }) {
  const stores = useStores();
  const doc = useGraph((s) => s.doc);
  const f = useDraft(binding);
  const b = f.draft;
  const headers = exchangeType === 'headers';
  const next: GraphDoc | null = f.changed ? replaceBinding(doc, binding, b) : null;
  const errors = useDryRun(next);
  const err = errors.get(bindingKey(b));
  const apply = (): void => {
    if (!next) return;
    void stores.graph.getState().commit(`edit binding '${binding.source}' → '${binding.destination}'`, next);
    selectIds(stores, [bindingKey(b)]);
  };
  const mode = typeof b.arguments['x-match'] === 'string' ? b.arguments['x-match'] : 'all';
  return (
    <form onSubmit={(e) => (e.preventDefault(), apply())} data-testid="binding-inspector">
      <FormError text={error} />
      <FormError text={err} />
      <p className="form-note">
        From {exchangeType} exchange <b>{binding.source}</b> to {binding.destinationType} <b>{binding.destination}</b>.
      </p>
      {headers ? (
        <>
          <SelectField label="x-match" value={mode as 'all'} options={MATCH} onChange={(m) => f.patch({ arguments: { ...b.arguments, 'x-match': m } })} />
          <ArgsEditor label="header to match" title="Headers to match" value={b.arguments} hide={['x-match']} onChange={(args) => f.patch({ arguments: { ...args, 'x-match': mode } })} />
        </>
      ) : (
        <>
          <TextField
            label={exchangeType === 'topic' ? 'Binding pattern' : 'Routing key'}
            value={b.routingKey}
            onChange={(routingKey) => f.patch({ routingKey })}
            hint={exchangeType === 'topic' ? '* matches one word, # zero or more: orders.*.eu, logs.#' : exchangeType === 'fanout' ? 'ignored by a fanout exchange' : 'messages whose routing key equals this'}
            testId="binding-key"
            mono
          />
          <ArgsEditor label="argument" title="Arguments" value={b.arguments} onChange={(args) => f.patch({ arguments: args })} />
        </>
      )}
      <EditorFooter changed={f.changed} valid={next !== null && errors.size === 0} onReset={f.reset} />
    </form>
  );
}
