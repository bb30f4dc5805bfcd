import type { ByteWriter } from './bytes.ts';
import { crc32 } from './crc32.ts';

/**
 * Every store file is a sequence of framed records:
 *
 * ```
 * 0  u16  magic 0xB10C (little-endian: 0C B1)
 * 2  u8   record type
 * 3  u8   reserved, 0
 * 4  u32  payload length
 * 8  u32  CRC-32 of bytes 2..8 and the payload
 * 12 ...  payload
 * ```
 *
 * The checksum covers the type and the length, so a damaged length cannot
 * misframe the rest of the file; the magic lets a reader find the next
 * record after damage.
 */
export const RECORD_HEADER = 12;
const MAGIC_LO = 0x0c;
const MAGIC_HI = 0xb1;
/** No record is larger than this (RabbitMQ's largest message is 512 MiB); a larger length is damage. */
export const MAX_PAYLOAD = 512 * 1024 * 1024 + 64 * 1024;

export const enum RecordType {
  /** First record of a message segment: format version and segment id. */
  SegmentHeader = 1,
  /** Binds a segment-local queue reference to a vhost and queue name. */
  Queue = 2,
  /** A persistent message that entered a durable queue. */
  Message = 3,
  /** Sidecar: messages (by offset in their segment) that left their queue. */
  Settled = 10,
  /** Sidecar: messages handed to a consumer, with their delivery count. */
  Delivered = 11,
  /** Topology: one command. */
  Command = 20,
  /** Topology snapshot: its first record. */
  SnapshotBegin = 21,
  /** Topology snapshot: its last record, with the command count (a complete snapshot has it). */
  SnapshotEnd = 22,
}

/** A CRC-32 (IEEE) of `bytes[start, end)` continuing from `crc`, as `crc32` computes it. */
export type Checksum = (bytes: Uint8Array, start: number, end: number, crc: number) => number;

let checksum: Checksum = crc32;

/**
 * Use another implementation of the same CRC-32 for every record written and
 * read (the file store passes node:zlib's, several times faster). It is
 * checked against the TypeScript one first; a mismatch keeps the latter.
 */
export function useChecksum(impl: Checksum): boolean {
  const probe = Uint8Array.from({ length: 100 }, (_, i) => (i * 37 + 11) & 0xff);
  const ok = impl(probe, 3, 97, impl(probe, 0, 3, 0)) === crc32(probe, 0, 97) && impl(probe, 0, 0, 0) === 0;
  if (ok) checksum = impl;
  return ok;
}

/** Start a record in `w`; returns its start, to pass to `endRecord`. */
export function beginRecord(w: ByteWriter, type: RecordType): number {
  const start = w.pos;
  w.ensure(RECORD_HEADER);
  const b = w.buf;
  b[start] = MAGIC_LO;
  b[start + 1] = MAGIC_HI;
  b[start + 2] = type;
  b[start + 3] = 0;
  w.pos = start + RECORD_HEADER;
  return start;
}

/** Fill in the length and checksum of the record begun at `start`. */
export function endRecord(w: ByteWriter, start: number): void {
  const len = w.pos - start - RECORD_HEADER;
  w.u32At(start + 4, len);
  const crc = checksum(w.buf, start + RECORD_HEADER, w.pos, checksum(w.buf, start + 2, start + 8, 0));
  w.u32At(start + 8, crc);
}

/** One valid record found by `scanRecords`. */
export interface RecordView {
  type: number;
  /** Offset of the record's first byte in the scanned buffer. */
  offset: number;
  /** The payload lies at [payloadStart, end). */
  payloadStart: number;
  end: number;
}

/** A byte range that held no valid record. */
export interface DamagedRange {
  start: number;
  end: number;
}

export interface ScanResult {
  /** End of the last valid record: everything after it is a torn or damaged tail. */
  validEnd: number;
  /** Damaged ranges skipped between valid records. */
  damaged: DamagedRange[];
  /** Bytes after `validEnd` (a torn write, or damage with no valid record after it). */
  tailBytes: number;
}

function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

/** The end of the valid record at `pos`, or -1. */
function validAt(b: Uint8Array, pos: number, end: number): number {
  if (end - pos < RECORD_HEADER || b[pos] !== MAGIC_LO || b[pos + 1] !== MAGIC_HI) return -1;
  const len = u32(b, pos + 4);
  if (len > MAX_PAYLOAD || pos + RECORD_HEADER + len > end) return -1;
  const crc = checksum(b, pos + RECORD_HEADER, pos + RECORD_HEADER + len, checksum(b, pos + 2, pos + 8, 0));
  return crc === u32(b, pos + 8) ? pos + RECORD_HEADER + len : -1;
}

/**
 * Walk the records of `b[start, end)`, calling `each` for every valid one.
 * Damage in the middle is skipped up to the next valid record; damage with no
 * valid record after it (or a torn last write) ends the scan.
 */
export function scanRecords(b: Uint8Array, each: (r: RecordView) => void, start = 0, end = b.length): ScanResult {
  const damaged: DamagedRange[] = [];
  let pos = start;
  let validEnd = start;
  while (pos < end) {
    let next = validAt(b, pos, end);
    if (next < 0) {
      const found = resync(b, pos + 1, end);
      if (found < 0) break;
      damaged.push({ start: pos, end: found });
      pos = found;
      next = validAt(b, pos, end);
    }
    each({ type: b[pos + 2]!, offset: pos, payloadStart: pos + RECORD_HEADER, end: next });
    pos = next;
    validEnd = next;
  }
  return { validEnd, damaged, tailBytes: end - validEnd };
}

/** The next position at or after `from` where a valid record starts, or -1. */
function resync(b: Uint8Array, from: number, end: number): number {
  for (let p = from; p + RECORD_HEADER <= end; p++) {
    if (b[p] === MAGIC_LO && b[p + 1] === MAGIC_HI && validAt(b, p, end) >= 0) return p;
  }
  return -1;
}
