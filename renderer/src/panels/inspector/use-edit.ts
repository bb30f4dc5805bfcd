import { useMemo, useState } from 'react';
import { dryRun } from '../../model/dry-run.ts';
import type { GraphDoc } from '../../model/graph-doc.ts';
import { stableJson } from '../../model/topology-model.ts';
import { useStores } from '../../stores/store-context.tsx';

/**
 * A form over one element: a local draft, whether it changed, and the
 * engine's verdict on the edit before it is sent (a dry run on a scratch
 * broker), by element id.
 */
export function useDraft<T>(initial: T): { draft: T; set: (next: T) => void; patch: (p: Partial<T>) => void; changed: boolean; reset: () => void } {
  const [draft, setDraft] = useState(initial);
  const changed = stableJson(draft) !== stableJson(initial);
  return { draft, set: setDraft, patch: (p) => setDraft({ ...draft, ...p }), changed, reset: () => setDraft(initial) };
}

/** RabbitMQ's refusals of an edit, by element id (empty when the engine would accept it). */
export function useDryRun(next: GraphDoc | null): Map<string, string> {
  const stores = useStores();
  const { engine, vhosts } = stores.graph.getState();
  const key = next ? stableJson(next.model) : '';
  return useMemo(() => (next ? dryRun(engine, next.model, vhosts) : new Map<string, string>()), [key, engine, vhosts]); // eslint-disable-line react-hooks/exhaustive-deps
}

/** The argument a refusal names (`invalid arg 'x-max-length' for queue …`), to show it by its field. */
export function argOf(error: string | undefined): string | undefined {
  return error ? /(?:invalid|inequivalent) arg '([^']+)'/.exec(error)?.[1] : undefined;
}
