/**
 * A bounded cache keyed by object identity that remembers the most recently
 * added keys. The codec uses it for encoded content-header properties.
 *
 * Why not a WeakMap: every message brings a fresh properties object, and
 * inserting fresh keys into a WeakMap costs an ephemeron entry the garbage
 * collector must trace; measured, that was about ten times the cost of this
 * Map plus ring. Holding the last few hundred keys strongly costs little,
 * since those messages are usually still queued anyway.
 */
export class IdentityCache<K extends object, V> {
  private readonly map = new Map<K, V>();
  private readonly ring: (K | undefined)[];
  private next = 0;

  /** Keep at most `capacity` entries; the oldest is dropped first. */
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.ring = new Array<K | undefined>(capacity).fill(undefined);
  }

  /** The value cached for `key`, if it is still held. */
  get(key: K): V | undefined {
    return this.map.get(key);
  }

  /** Cache `value` for `key`, evicting the oldest entry when full. */
  set(key: K, value: V): void {
    if (this.map.has(key)) {
      this.map.set(key, value);
      return;
    }
    const evicted = this.ring[this.next];
    if (evicted !== undefined) this.map.delete(evicted);
    this.ring[this.next] = key;
    this.next = (this.next + 1) % this.capacity;
    this.map.set(key, value);
  }

  /** Number of entries held. */
  get size(): number {
    return this.map.size;
  }
}
