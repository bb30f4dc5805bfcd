import type { HostSnapshot, LiveDelta } from './contract.ts';
import type { PathStep } from './live-delta.ts';
import { applyChanges, leafPaths } from './live-delta.ts';

/** What taking a delta did: the snapshot it makes and the paths of the leaves that changed, or why it cannot be applied (ask the host for a full snapshot). */
export type MirrorResult = { ok: true; snapshot: HostSnapshot; changed: readonly (readonly PathStep[])[] } | { ok: false; reason: string };

/**
 * The host's live picture as a client rebuilds it: a full snapshot, then
 * each delta applied on top. A delta whose `base` is not the snapshot held
 * (one was lost or came out of order) or that names a leaf the snapshot does
 * not have is refused; the caller then fetches a full snapshot (`snapshot:get`)
 * and `reset`s. Snapshots it makes share every unchanged part with the one
 * before.
 */
export class LiveMirror {
  private snap: HostSnapshot | undefined;
  private paths: PathStep[][] = [];

  /** Sequence number of the snapshot held; -1 before the first. */
  get seq(): number {
    return this.snap?.seq ?? -1;
  }

  get snapshot(): HostSnapshot | undefined {
    return this.snap;
  }

  /** Start again from a full snapshot. */
  reset(s: HostSnapshot): HostSnapshot {
    this.snap = s;
    this.paths = leafPaths(s);
    return s;
  }

  /** Apply a delta to the snapshot held. */
  apply(d: LiveDelta): MirrorResult {
    if (!this.snap) return { ok: false, reason: `delta ${d.seq} arrived before any full snapshot` };
    if (d.base !== this.snap.seq) return { ok: false, reason: `delta ${d.seq} is based on snapshot ${d.base}, but snapshot ${this.snap.seq} is held` };
    if (!Array.isArray(d.changes)) return { ok: false, reason: `delta ${d.seq} has no change list` };
    let next: HostSnapshot;
    try {
      // `seq` is not among the changes: the delta carries it.
      next = { ...applyChanges(this.snap, this.paths, d.changes), seq: d.seq };
    } catch (e) {
      return { ok: false, reason: `delta ${d.seq} does not fit snapshot ${this.snap.seq}: ${(e as Error).message}` };
    }
    this.snap = next;
    // Every index was checked by applyChanges: each names a path.
    const changed: (readonly PathStep[])[] = [];
    for (let i = 0; i < d.changes.length; i += 2) changed.push(this.paths[d.changes[i] as number]!);
    return { ok: true, snapshot: next, changed };
  }
}
