/**
 * A growable ring buffer with O(1) push/shift, indexed reads, and ordered
 * insertion (for requeue, which puts a message back near the head).
 */
export class Deque<T> {
  private buf: (T | undefined)[];
  private head = 0;
  private len = 0;
  private mask: number;

  constructor(capacity = 16) {
    let c = 16;
    while (c < capacity) c *= 2;
    this.buf = new Array<T | undefined>(c);
    this.mask = c - 1;
  }

  get length(): number {
    return this.len;
  }

  push(v: T): void {
    if (this.len === this.buf.length) this.grow();
    this.buf[(this.head + this.len) & this.mask] = v;
    this.len++;
  }

  unshift(v: T): void {
    if (this.len === this.buf.length) this.grow();
    this.head = (this.head - 1) & this.mask;
    this.buf[this.head] = v;
    this.len++;
  }

  shift(): T | undefined {
    if (this.len === 0) return undefined;
    const v = this.buf[this.head];
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.len--;
    return v;
  }

  pop(): T | undefined {
    if (this.len === 0) return undefined;
    const i = (this.head + this.len - 1) & this.mask;
    const v = this.buf[i];
    this.buf[i] = undefined;
    this.len--;
    return v;
  }

  peek(): T | undefined {
    return this.len === 0 ? undefined : this.buf[this.head];
  }

  at(i: number): T | undefined {
    return i < 0 || i >= this.len ? undefined : this.buf[(this.head + i) & this.mask];
  }

  /**
   * Insert keeping ascending order of `key`, assuming the deque is sorted by it.
   * Moves whichever side of the insertion point is shorter.
   */
  insertSorted(v: T, key: (x: T) => number): void {
    const k = key(v);
    let lo = 0;
    let hi = this.len;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (key(this.at(mid) as T) < k) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= this.len) return this.push(v);
    if (lo < this.len - lo) {
      this.unshift(v);
      for (let i = 0; i < lo; i++) this.swap(i, i + 1);
    } else {
      this.push(v);
      for (let i = this.len - 1; i > lo; i--) this.swap(i, i - 1);
    }
  }

  /** Remove and return every element, in order. */
  drain(): T[] {
    const out: T[] = [];
    for (let v = this.shift(); v !== undefined; v = this.shift()) out.push(v);
    return out;
  }

  /** Remove the elements for which `pred` is true; returns them in order. */
  removeWhere(pred: (v: T) => boolean): T[] {
    const kept: T[] = [];
    const removed: T[] = [];
    for (let v = this.shift(); v !== undefined; v = this.shift()) (pred(v) ? removed : kept).push(v);
    for (const v of kept) this.push(v);
    return removed;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.len; i++) yield this.buf[(this.head + i) & this.mask] as T;
  }

  private swap(i: number, j: number): void {
    const a = (this.head + i) & this.mask;
    const b = (this.head + j) & this.mask;
    const t = this.buf[a];
    this.buf[a] = this.buf[b];
    this.buf[b] = t;
  }

  private grow(): void {
    const next = new Array<T | undefined>(this.buf.length * 2);
    for (let i = 0; i < this.len; i++) next[i] = this.buf[(this.head + i) & this.mask];
    this.buf = next;
    this.head = 0;
    this.mask = next.length - 1;
  }
}
