import type { DragEvent } from 'react';
import { Icon } from '../components/icons.tsx';
import type { IconName } from '../components/icons.tsx';
import { PALETTE_MIME } from '../graph/graph-canvas.tsx';
import { useFit } from '../graph/use-fit.ts';
import { addElement } from '../stores/graph-commands.ts';
import type { PaletteItem } from '../stores/graph-commands.ts';
import { useStores } from '../stores/store-context.tsx';

interface Entry {
  item: PaletteItem;
  label: string;
  hint: string;
  icon: IconName;
  kind: string;
}

const GROUPS: { title: string; entries: Entry[] }[] = [
  {
    title: 'Exchanges',
    entries: [
      { item: { kind: 'exchange', variant: 'direct' }, label: 'Direct', hint: 'routing key equals binding key', icon: 'exchange', kind: 'exchange' },
      { item: { kind: 'exchange', variant: 'fanout' }, label: 'Fanout', hint: 'every bound queue', icon: 'exchange', kind: 'exchange' },
      { item: { kind: 'exchange', variant: 'topic' }, label: 'Topic', hint: 'patterns with * and #', icon: 'exchange', kind: 'exchange' },
      { item: { kind: 'exchange', variant: 'headers' }, label: 'Headers', hint: 'match on message headers', icon: 'exchange', kind: 'exchange' },
    ],
  },
  {
    title: 'Queues',
    entries: [
      { item: { kind: 'queue', variant: 'classic' }, label: 'Classic', hint: 'the default queue type', icon: 'queue', kind: 'queue' },
      { item: { kind: 'queue', variant: 'quorum' }, label: 'Quorum', hint: 'replicated, delivery limit', icon: 'queue', kind: 'queue' },
      { item: { kind: 'queue', variant: 'priority' }, label: 'Priority', hint: 'classic with x-max-priority', icon: 'queue', kind: 'queue' },
    ],
  },
  {
    title: 'Simulated clients',
    entries: [
      { item: { kind: 'producer' }, label: 'Producer', hint: 'publishes at a rate', icon: 'producer', kind: 'producer' },
      { item: { kind: 'consumer' }, label: 'Consumer', hint: 'consumes, acks, fails', icon: 'consumer', kind: 'consumer' },
    ],
  },
];

/** Drag an element onto the canvas, or press Enter on it to add it in the middle of the view. */
export function Palette() {
  const stores = useStores();
  const fit = useFit();
  const addInColumn = (item: PaletteItem): void => {
    // Bring the new node into view, without zooming in past the usual scale.
    void addElement(stores, item).then(fit);
  };
  return (
    <nav className="sidebar palette" aria-label="Palette">
      {GROUPS.map((g) => (
        <section key={g.title}>
          <h2 className="section-title">{g.title}</h2>
          <ul className="palette-list" role="list">
            {g.entries.map((e) => {
              const testId = `palette-${e.item.kind}${'variant' in e.item ? `-${e.item.variant}` : ''}`;
              return (
                <li key={testId}>
                  <button
                    type="button"
                    className={`palette-item ${e.kind}`}
                    data-testid={testId}
                    draggable
                    onDragStart={(ev: DragEvent) => {
                      ev.dataTransfer.setData(PALETTE_MIME, JSON.stringify(e.item));
                      ev.dataTransfer.effectAllowed = 'copy';
                    }}
                    onClick={() => addInColumn(e.item)}
                    aria-label={`Add ${e.label.toLowerCase()} ${e.kind}: ${e.hint}`}
                  >
                    <span className="palette-icon">
                      <Icon name={e.icon} size={14} />
                    </span>
                    <span className="palette-text">
                      <span className="palette-label">{e.label}</span>
                      <span className="palette-hint">{e.hint}</span>
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
      <p className="palette-tip">Drag onto the canvas, or click to add. Connect handles to bind, publish or consume.</p>
    </nav>
  );
}
