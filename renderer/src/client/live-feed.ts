import type { HostSnapshot } from '../../../engine/host/contract.ts';
import type { PathStep } from '../../../engine/host/live-delta.ts';
import { LiveMirror } from '../../../engine/host/live-mirror.ts';
import type { EngineClient } from './engine-client.ts';

/**
 * A snapshot as the feed hands it on: `full` when it came whole (its shape
 * may have changed), else rebuilt from a delta whose changed leaves are at
 * the paths `changed`.
 */
export type FeedListener = (snapshot: HostSnapshot, full: boolean, changed?: readonly (readonly PathStep[])[]) => void;

/** What the feed did, for the status line and tests. */
export interface FeedStats {
  full: number;
  deltas: number;
  resyncs: number;
  /** Why the last delta was refused. */
  lastRefusal: string | null;
}

/**
 * The host's live picture over any `EngineClient`: full `snapshot` pushes
 * and `live` deltas applied on top (engine/host/live-mirror.ts), handed on
 * as whole snapshots that share every unchanged part with the one before. A
 * delta that does not fit (one lost, or one overtaken by the next) makes the
 * feed fetch `snapshot:get` once and carry on from it; deltas arriving
 * meanwhile, or older than what it holds, are dropped (the fetched snapshot
 * covers them, or the next mismatch fetches again). When the link comes back
 * after a loss, what it holds may belong to a host that has since restarted
 * (its sequence numbers start again): it trusts nothing but a full snapshot
 * until one arrives, and fetches one with `snapshot:get`.
 */
export function createLiveFeed(client: EngineClient, listener: FeedListener): { stats: FeedStats; dispose: () => void } {
  const mirror = new LiveMirror();
  const stats: FeedStats = { full: 0, deltas: 0, resyncs: 0, lastRefusal: null };
  let fetching = false;
  let disposed = false;
  /** Set when the link was lost: what the mirror holds is no base for deltas, nor a floor for sequence numbers. */
  let stale = false;
  let wasOpen = false;
  let lost = false;
  const full = (s: HostSnapshot): void => {
    stale = false;
    stats.full++;
    listener(mirror.reset(s), true);
  };
  const resync = (): void => {
    if (fetching || disposed) return;
    fetching = true;
    stats.resyncs++;
    client
      .call('snapshot:get', {})
      .then((s) => {
        // A full push may have overtaken the answer: keep whichever is newer.
        if (!disposed && (stale || s.seq >= mirror.seq)) full(s);
      })
      .catch(() => undefined)
      .finally(() => {
        fetching = false;
      });
  };
  const offs = [
    client.on('snapshot', full),
    client.on('live', (d) => {
      // Arriving late (what is held is newer) is no gap: nothing to fetch.
      if (fetching || stale || d.seq <= mirror.seq) return;
      const r = mirror.apply(d);
      if (!r.ok) {
        stats.lastRefusal = r.reason;
        return resync();
      }
      stats.deltas++;
      listener(r.snapshot, false, r.changed);
    }),
    client.onLinkState((state) => {
      if (state !== 'open') {
        lost ||= wasOpen;
        stale ||= wasOpen;
        return;
      }
      wasOpen = true;
      // Back after a loss: fetch the whole picture, whatever was pushed on the way.
      if (lost) {
        lost = false;
        resync();
      }
    }),
  ];
  return {
    stats,
    dispose: () => {
      disposed = true;
      offs.forEach((o) => o());
    },
  };
}
