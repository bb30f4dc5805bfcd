import { EXAMPLE_FILES } from '../../../engine/sim/examples/catalog.ts';

/** An example from the gallery: its file name and document. */
export interface Example {
  file: string;
  name: string;
  description: string;
  tags: string[];
  doc: Record<string, unknown>;
}

// The simulator ships the gallery as JSON files; the bundle includes them all.
const files = import.meta.glob<Record<string, unknown>>('../../../engine/sim/examples/*.json', { eager: true, import: 'default' });

/** Every example, in the catalog's order (files not in the catalog come last). */
export const EXAMPLES: readonly Example[] = Object.entries(files)
  .map(([path, doc]) => {
    const file = path.slice(path.lastIndexOf('/') + 1);
    return {
      file,
      name: typeof doc['name'] === 'string' ? doc['name'] : file,
      description: typeof doc['description'] === 'string' ? doc['description'] : '',
      tags: Array.isArray(doc['tags']) ? (doc['tags'] as string[]) : [],
      doc,
    };
  })
  .sort((a, b) => rank(a.file) - rank(b.file));

function rank(file: string): number {
  const i = (EXAMPLE_FILES as readonly string[]).indexOf(file);
  return i < 0 ? 1000 : i;
}
