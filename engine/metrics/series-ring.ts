/**
 * A fixed-capacity history: sample times plus named columns of values, all
 * in ring buffers. Columns are created the first time they hold a non-zero
 * value (zeros before that are implied), so entities that never use a
 * series pay nothing for it. Memory is bounded by capacity × columns.
 */
export class SeriesRing {
  private readonly times: Float64Array;
  private readonly cols = new Map<string, Float32Array>();
  /** Index the next sample goes to. */
  private head = 0;
  /** Samples held (≤ capacity). */
  size = 0;

  constructor(readonly capacity: number) {
    this.times = new Float64Array(capacity);
  }

  /** Start a new sample at `time`; then `set` its values. */
  begin(time: number): void {
    const i = this.head;
    this.times[i] = time;
    for (const col of this.cols.values()) col[i] = 0;
    this.head = (i + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  /** Set a value of the sample begun last. */
  set(name: string, value: number): void {
    let col = this.cols.get(name);
    if (col === undefined) {
      if (value === 0) return;
      col = new Float32Array(this.capacity);
      this.cols.set(name, col);
    }
    col[(this.head - 1 + this.capacity) % this.capacity] = value;
  }

  /** Column names that have held a non-zero value. */
  names(): string[] {
    return [...this.cols.keys()];
  }

  /** Indices (oldest first) of samples taken after `since`. */
  private indices(since: number): number[] {
    const out: number[] = [];
    const start = (this.head - this.size + this.capacity) % this.capacity;
    for (let k = 0; k < this.size; k++) {
      const i = (start + k) % this.capacity;
      if (this.times[i]! > since) out.push(i);
    }
    return out;
  }

  /** Times and the named columns (absent columns read as zeros), oldest first. */
  read(names: readonly string[], since = -Infinity): { times: number[]; values: Record<string, number[]> } {
    const idx = this.indices(since);
    const values: Record<string, number[]> = {};
    for (const n of names) {
      const col = this.cols.get(n);
      values[n] = idx.map((i) => (col ? round(col[i]!) : 0));
    }
    return { times: idx.map((i) => this.times[i]!), values };
  }
}

/** Float32 storage; round to 4 significant decimals so JSON stays short and stable. */
function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}
