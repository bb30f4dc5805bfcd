import { Dialog } from '../components/dialog.tsx';
import { EXAMPLES } from '../model/examples.ts';
import { openScenario } from '../stores/file-commands.ts';
import { useStores } from '../stores/store-context.tsx';

const GROUPS: [string, (tags: string[]) => boolean][] = [
  ['RabbitMQ tutorials', (t) => t.includes('tutorial')],
  ['Failure labs', (t) => t.includes('failure-lab')],
  ['Patterns', (t) => !t.includes('tutorial') && !t.includes('failure-lab')],
];

/** The examples gallery: RabbitMQ's tutorials, patterns and failure labs, each with what it teaches. */
export function ExamplesDialog() {
  const stores = useStores();
  const close = (): void => stores.ui.getState().openDialog(null);
  const open = async (doc: Record<string, unknown>, name: string): Promise<void> => {
    close();
    await openScenario(stores, doc, name);
  };
  return (
    <Dialog title="Examples" onClose={close} wide testId="examples-dialog">
      {EXAMPLES.length === 0 ? <p className="empty">No examples are bundled with this build.</p> : null}
      {GROUPS.map(([title, match]) => {
        const list = EXAMPLES.filter((e) => match(e.tags));
        if (list.length === 0) return null;
        return (
          <section key={title}>
            <h3 className="section-title">{title}</h3>
            <div className="gallery">
              {list.map((e) => (
                <button key={e.file} type="button" className="gallery-card" onClick={() => void open(e.doc, e.name)} data-testid={`example-${e.file.replace(/\.json$/, '')}`}>
                  <h3>{e.name}</h3>
                  <p>{e.description}</p>
                  <div className="tags">
                    {e.tags.map((t) => (
                      <span key={t} className="pill">
                        {t}
                      </span>
                    ))}
                  </div>
                </button>
              ))}
            </div>
          </section>
        );
      })}
    </Dialog>
  );
}
