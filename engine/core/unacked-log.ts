import type { Delivery } from './delivery.ts';

/**
 * A channel's unacknowledged deliveries in delivery-tag order. Tags only grow,
 * so deliveries append at the tail and acks (usually of the oldest) settle
 * near the head: a ring of deliveries with lazy removal beats a Map here.
 * Lookup by tag is a binary search; settled slots are skipped and compacted.
 */
export class UnackedLog {
  private items: (Delivery | undefined)[] = new Array(64);
  private head = 0;
  private tail = 0;
  private live = 0;

  get size(): number {
    return this.live;
  }

  add(d: Delivery): void {
    if (this.tail === this.items.length) this.compact(true);
    this.items[this.tail++] = d;
    this.live++;
  }

  /** Remove and return the delivery with `tag`, or undefined when it is not outstanding. */
  take(tag: number): Delivery | undefined {
    const i = this.indexOf(tag);
    if (i < 0) return undefined;
    const d = this.items[i]!;
    this.items[i] = undefined;
    this.live--;
    this.trimHead();
    return d;
  }

  has(tag: number): boolean {
    return this.indexOf(tag) >= 0;
  }

  /** Remove and return every delivery with a tag ≤ `tag` (all of them for Infinity), in order. */
  takeUpTo(tag: number): Delivery[] {
    const out: Delivery[] = [];
    let i = this.head;
    for (; i < this.tail; i++) {
      const d = this.items[i];
      if (d === undefined) continue;
      if (d.tag > tag) break;
      out.push(d);
      this.items[i] = undefined;
    }
    this.live -= out.length;
    this.trimHead();
    return out;
  }

  /** Every outstanding delivery, in tag order (not removed). */
  values(): Delivery[] {
    const out: Delivery[] = [];
    for (let i = this.head; i < this.tail; i++) {
      const d = this.items[i];
      if (d !== undefined) out.push(d);
    }
    return out;
  }

  clear(): void {
    this.items = new Array(64);
    this.head = this.tail = this.live = 0;
  }

  private indexOf(tag: number): number {
    let lo = this.head;
    let hi = this.tail - 1;
    while (lo <= hi) {
      // Skip holes by probing the nearest live slot at or after mid.
      const mid = (lo + hi) >> 1;
      let j = mid;
      while (j <= hi && this.items[j] === undefined) j++;
      if (j > hi) {
        hi = mid - 1;
        continue;
      }
      const t = this.items[j]!.tag;
      if (t === tag) return j;
      if (t < tag) lo = j + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private trimHead(): void {
    while (this.head < this.tail && this.items[this.head] === undefined) this.head++;
    if (this.head === this.tail) this.head = this.tail = 0;
  }

  /** Move live entries to the front; grow when still mostly full. */
  private compact(forAppend: boolean): void {
    const items = this.items;
    let w = 0;
    for (let i = this.head; i < this.tail; i++) {
      const d = items[i];
      if (d !== undefined) items[w++] = d;
    }
    for (let i = w; i < this.tail; i++) items[i] = undefined;
    this.head = 0;
    this.tail = w;
    if (forAppend && w > items.length / 2) items.length = items.length * 2;
  }
}
