const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/**
 * Parse a duration: a number of milliseconds, or a number with a unit
 * (`250ms`, `1.5s`, `5m`, `1h`). A bare numeric string is milliseconds.
 * Returns undefined for anything else.
 */
export function parseDuration(s: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?\s*$/.exec(s);
  if (!m) return undefined;
  const unit = UNITS[m[2] ?? 'ms'];
  return unit === undefined ? undefined : Number(m[1]) * unit;
}

/** Render milliseconds compactly for messages and reports (`1.5s`, `250ms`, `2m`). */
export function formatDuration(ms: number): string {
  if (ms >= 3_600_000 && ms % 60_000 === 0) return `${ms / 3_600_000}h`;
  if (ms >= 60_000 && ms % 1000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000) return `${ms / 1000}s`;
  return `${ms}ms`;
}
