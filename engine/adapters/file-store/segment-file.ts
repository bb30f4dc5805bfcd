import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ByteWriter } from '../../store/bytes.ts';
import { writeDelivered, writeSettled } from '../../store/message-record.ts';
import { pad } from './fs-io.ts';

/** Encodes one delivery marker at a time. */
const SCRATCH = new ByteWriter(64);

/** File names of segment `id` in `dir`. */
export function segmentPaths(dir: string, id: number): { segment: string; acks: string } {
  return { segment: join(dir, `${pad(id)}.seg`), acks: join(dir, `${pad(id)}.ack`) };
}

/** Bytes to write to one file, and where. */
export interface PendingWrite {
  fd: number;
  bytes: Uint8Array;
  /** null: append. */
  position: number | null;
  /** fdatasync after writing (message data, which confirms wait for). */
  sync: boolean;
}

/**
 * One message segment file (`NNN.seg`) and its settlement sidecar
 * (`NNN.ack`). Messages are appended to the segment; acks and deliveries go
 * to the sidecar, so a segment and its sidecar are deleted together once
 * every message in it has left its queue.
 */
export class SegmentFile {
  /** Messages in this segment still in a queue. */
  live = 0;
  /** No more messages are appended (a newer segment is active). */
  sealed = false;
  /** Queue references defined in this segment, by `vhost\0name`. */
  readonly queueRefs = new Map<string, number>();
  private pending = new ByteWriter(64 * 1024);
  private spare = new ByteWriter(64 * 1024);
  private written: number;
  private settled: number[] = [];
  private ackFd: number | undefined;
  private deleted = false;
  private readonly paths: { segment: string; acks: string };

  constructor(
    dir: string,
    readonly id: number,
    /** The segment's fd while it may still receive messages (the active one), else undefined. */
    private fd: number | undefined,
    existingSize: number,
  ) {
    this.paths = segmentPaths(dir, id);
    this.written = existingSize;
  }

  /** The writer for new records. */
  get writer(): ByteWriter {
    return this.pending;
  }

  /** Logical size (on disk plus pending): the offset the next record will have. */
  get nextOffset(): number {
    return this.written + this.pending.pos;
  }

  settle(offset: number): void {
    this.settled.push(offset);
  }

  /**
   * Record a delivery in the sidecar now, before the delivery can reach the
   * client (a connection may write it to its socket within this same turn):
   * whatever a consumer saw comes back flagged redelivered after a crash.
   * One small write per delivery of a persistent message; not fsynced.
   */
  markDelivered(offset: number, count: number): void {
    if (this.deleted) return;
    const w = SCRATCH;
    w.reset();
    writeDelivered(w, [offset, count]);
    this.ackFd ??= openSync(this.paths.acks, 'a');
    writeSync(this.ackFd, w.buf, 0, w.pos);
  }

  /** Take the pending message data as a write (the flush owns the bytes until it completes). */
  takeData(out: PendingWrite[]): void {
    if (this.pending.pos === 0 || this.fd === undefined) return;
    const bytes = this.pending.buf.subarray(0, this.pending.pos);
    out.push({ fd: this.fd, bytes, position: this.written, sync: true });
    this.written += this.pending.pos;
    const used = this.pending;
    this.pending = this.spare;
    this.spare = used;
    this.pending.reset();
  }

  /**
   * Append the settlement markers made this turn to the sidecar (written at
   * the end of the turn, not fsynced: a lost one means a redelivery, never
   * a loss).
   */
  writeMarkers(): void {
    if (this.deleted || this.settled.length === 0) return;
    const w = new ByteWriter(32 + 4 * this.settled.length);
    writeSettled(w, this.settled);
    this.settled = [];
    this.ackFd ??= openSync(this.paths.acks, 'a');
    writeSync(this.ackFd, w.buf, 0, w.pos);
  }

  /** Close a sealed segment's fd once its last bytes are written (call after a flush completes). */
  closeDataIfDone(): void {
    if (this.sealed && this.pending.pos === 0 && this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }

  /** Close both files and delete them. */
  delete(): void {
    this.deleted = true;
    this.close();
    for (const p of [this.paths.segment, this.paths.acks]) {
      try {
        unlinkSync(p);
      } catch {
        // Already gone (a sidecar never written): nothing to do.
      }
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    if (this.ackFd !== undefined) closeSync(this.ackFd);
    this.fd = undefined;
    this.ackFd = undefined;
  }
}
