import { openSync, truncateSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeMessageRecord, writeQueueRecord, writeSegmentHeader } from '../../store/message-record.ts';
import { makeRef, recoverSegment, refOffset, refSegment } from '../../store/segment-recovery.ts';
import type { DroppedData, MessageRecovery, MessageRef, QueueKey, RecoveredMessage, StoredMessage } from '../../store/store.ts';
import { numberedFiles, readOrEmptyAsync, syncDir } from './fs-io.ts';
import type { PendingWrite } from './segment-file.ts';
import { SegmentFile, segmentPaths } from './segment-file.ts';

/**
 * The message log: numbered segment files in one directory, appended to in
 * order. A new segment starts when the active one passes `segmentBytes`;
 * a sealed segment whose messages have all left their queues is deleted
 * with its sidecar, so disk use follows the messages still queued.
 */
export class SegmentLog {
  private readonly segments = new Map<number, SegmentFile>();
  private active: SegmentFile | undefined;
  private nextId = 1;
  private dirDirty = false;
  private toDelete: SegmentFile[] = [];
  private readonly marked = new Set<SegmentFile>();

  constructor(
    readonly dir: string,
    private readonly segmentBytes: number,
  ) {}

  /** Read every segment: live messages go to `each` in order; damage is truncated or skipped and reported. */
  async load(each: (m: RecoveredMessage) => void): Promise<MessageRecovery> {
    const dropped: DroppedData[] = [];
    let messages = 0;
    const segs = numberedFiles(this.dir, /^(\d+)\.seg$/);
    // Read the next segment in the background while this one is decoded.
    const read = (i: number): Promise<[Uint8Array, Uint8Array]> | undefined => {
      const next = segs[i];
      if (!next) return undefined;
      const paths = segmentPaths(this.dir, next.n);
      return Promise.all([readOrEmptyAsync(paths.segment), readOrEmptyAsync(paths.acks)]);
    };
    let ahead = read(0);
    for (const [i, { n: id }] of segs.entries()) {
      const paths = segmentPaths(this.dir, id);
      const [seg, acks] = await ahead!;
      ahead = read(i + 1);
      const names = { segment: `messages/${id}.seg`, acks: `messages/${id}.ack` };
      const r = recoverSegment(id, names, seg, acks, each);
      dropped.push(...r.dropped);
      messages += r.live;
      this.nextId = Math.max(this.nextId, id + 1);
      if (r.live === 0) {
        new SegmentFile(this.dir, id, undefined, 0).delete();
        continue;
      }
      if (r.truncateSegmentAt !== undefined) truncateSync(paths.segment, r.truncateSegmentAt);
      if (r.truncateAcksAt !== undefined) truncateSync(paths.acks, r.truncateAcksAt);
      const s = new SegmentFile(this.dir, id, undefined, r.truncateSegmentAt ?? seg.length);
      s.live = r.live;
      s.sealed = true;
      this.segments.set(id, s);
    }
    // A sidecar whose segment is gone is left over from a deletion cut short.
    for (const { name, n } of numberedFiles(this.dir, /^(\d+)\.ack$/)) {
      if (!this.segments.has(n)) unlinkQuietly(join(this.dir, name));
    }
    return { messages, dropped };
  }

  add(queue: QueueKey, m: StoredMessage): MessageRef {
    let seg = this.active;
    if (seg === undefined || seg.nextOffset >= this.segmentBytes) seg = this.roll();
    const key = `${queue.vhost}\u0000${queue.name}`;
    let qref = seg.queueRefs.get(key);
    if (qref === undefined) {
      qref = seg.queueRefs.size;
      seg.queueRefs.set(key, qref);
      writeQueueRecord(seg.writer, qref, queue.vhost, queue.name);
    }
    const offset = seg.nextOffset;
    writeMessageRecord(seg.writer, qref, m);
    seg.live++;
    return makeRef(seg.id, offset);
  }

  remove(ref: MessageRef): void {
    const seg = this.segments.get(refSegment(ref));
    if (!seg) return;
    seg.live--;
    seg.settle(refOffset(ref));
    this.mark(seg);
  }

  delivered(ref: MessageRef, count: number): void {
    const seg = this.segments.get(refSegment(ref));
    if (!seg) return;
    seg.markDelivered(refOffset(ref), count);
  }

  /** Write the settlement markers made this turn (see `SegmentFile.writeMarkers`). */
  writeMarkers(): void {
    for (const seg of this.marked) seg.writeMarkers();
    this.marked.clear();
  }

  private mark(seg: SegmentFile): void {
    if (this.marked.size === 0) queueMicrotask(() => this.writeMarkers());
    this.marked.add(seg);
  }

  /** Take every pending write for one flush. Sealed segments left empty are not written but deleted after. */
  takeWrites(out: PendingWrite[]): void {
    if (this.dirDirty) {
      syncDir(this.dir);
      this.dirDirty = false;
    }
    for (const seg of this.segments.values()) {
      if (seg.sealed && seg.live <= 0) this.toDelete.push(seg);
      else seg.takeData(out);
    }
    for (const seg of this.toDelete) this.segments.delete(seg.id);
  }

  /** The flush's writes are done: delete empty segments, close sealed ones. */
  afterWrites(): void {
    for (const seg of this.toDelete) seg.delete();
    this.toDelete = [];
    for (const seg of this.segments.values()) seg.closeDataIfDone();
  }

  stats(): { liveMessages: number; segments: number; bytes: number } {
    let live = 0;
    let bytes = 0;
    for (const s of this.segments.values()) {
      live += s.live;
      bytes += s.nextOffset;
    }
    return { liveMessages: live, segments: this.segments.size, bytes };
  }

  close(): void {
    this.writeMarkers();
    for (const s of this.segments.values()) s.close();
    for (const s of this.toDelete) s.close();
  }

  private roll(): SegmentFile {
    if (this.active) this.active.sealed = true;
    const id = this.nextId++;
    const fd = openSync(segmentPaths(this.dir, id).segment, 'wx');
    const seg = new SegmentFile(this.dir, id, fd, 0);
    writeSegmentHeader(seg.writer, id);
    this.segments.set(id, seg);
    this.active = seg;
    this.dirDirty = true;
    return seg;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Gone already.
  }
}
