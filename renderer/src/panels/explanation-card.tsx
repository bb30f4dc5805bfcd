import { Icon } from '../components/icons.tsx';
import { useGraph, useStores, useUi } from '../stores/store-context.tsx';

/** The scenario's own explanation beside the graph: what it shows and what to watch for. */
export function ExplanationCard() {
  const stores = useStores();
  const open = useUi((s) => s.explanationOpen);
  const name = useGraph((s) => s.doc.meta.name);
  const description = useGraph((s) => s.doc.meta.description);
  const tags = useGraph((s) => s.doc.meta.tags);
  if (!description) return null;
  if (!open) {
    return (
      <button type="button" className="canvas-overlay explain-tab btn small" onClick={() => stores.ui.getState().toggleExplanation(true)} data-testid="explanation-open">
        <Icon name="info" size={13} /> About this scenario
      </button>
    );
  }
  return (
    <aside className="canvas-overlay explain" aria-label="About this scenario" data-testid="explanation">
      <div className="explain-head">
        <Icon name="book" size={14} />
        <h2>{name}</h2>
        <button type="button" className="btn icon ghost small" aria-label="Hide the explanation" onClick={() => stores.ui.getState().toggleExplanation(false)}>
          <Icon name="close" size={13} />
        </button>
      </div>
      <p>{description}</p>
      {tags.length > 0 ? (
        <div className="tags">
          {tags.map((t) => (
            <span key={t} className="pill">
              {t}
            </span>
          ))}
        </div>
      ) : null}
    </aside>
  );
}
