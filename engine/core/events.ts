/**
 * A tiny typed event emitter. `has(name)` lets hot paths skip building an
 * event nobody listens to.
 */
export class Emitter<Events extends { [K in keyof Events]: unknown }> {
  private listeners = new Map<keyof Events, Set<(e: never) => void>>();

  on<K extends keyof Events>(name: K, fn: (e: Events[K]) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(fn as (e: never) => void);
    return () => this.off(name, fn);
  }

  off<K extends keyof Events>(name: K, fn: (e: Events[K]) => void): void {
    const set = this.listeners.get(name);
    if (!set) return;
    set.delete(fn as (e: never) => void);
    if (set.size === 0) this.listeners.delete(name);
  }

  has<K extends keyof Events>(name: K): boolean {
    return this.listeners.has(name);
  }

  emit<K extends keyof Events>(name: K, event: Events[K]): void {
    const set = this.listeners.get(name);
    if (!set) return;
    for (const fn of set) (fn as (e: Events[K]) => void)(event);
  }
}
