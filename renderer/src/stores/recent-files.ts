const KEY = 'brokerlab.recent';
const MAX = 8;

/** A recently opened or saved scenario, kept in the browser (the desktop app keeps real file paths). */
export interface RecentScenario {
  name: string;
  at: number;
  doc: Record<string, unknown>;
}

export function recentScenarios(): RecentScenario[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(v) ? (v as RecentScenario[]).filter((r) => typeof r?.name === 'string' && typeof r.doc === 'object') : [];
  } catch {
    return [];
  }
}

/** Remember a scenario (newest first, one entry per name). */
export function addRecent(r: { name: string; doc: Record<string, unknown> }): void {
  const list = [{ ...r, at: Date.now() }, ...recentScenarios().filter((x) => x.name !== r.name)].slice(0, MAX);
  try {
    localStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    // Storage full or disabled: recent files are a convenience.
  }
}
