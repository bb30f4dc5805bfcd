import { ByteReader, DecodeError } from './bytes.ts';
import { SEGMENT_FORMAT, readMessageRecord, readOffsets, readQueueRecord, readSegmentHeader } from './message-record.ts';
import { RecordType, scanRecords } from './record.ts';
import type { ScanResult } from './record.ts';
import type { DroppedData, MessageRef, QueueKey, RecoveredMessage } from './store.ts';

/** A message handle: the segment id and the record's offset in it. Ids stay below 2^21. */
export function makeRef(segmentId: number, offset: number): MessageRef {
  return segmentId * 0x1_0000_0000 + offset;
}

export function refSegment(ref: MessageRef): number {
  return Math.floor(ref / 0x1_0000_0000);
}

export function refOffset(ref: MessageRef): number {
  return ref % 0x1_0000_0000;
}

/** What one segment's recovery found. */
export interface SegmentRecovery {
  /** Messages still in their queues. */
  live: number;
  dropped: DroppedData[];
  /** Cut the segment file here (its tail is torn or damaged). */
  truncateSegmentAt: number | undefined;
  /** Cut the sidecar here. */
  truncateAcksAt: number | undefined;
}

/** What the sidecar says about a segment's messages. */
interface AckState {
  settled: Set<number>;
  delivered: Map<number, number>;
}

/**
 * Recover one message segment from its bytes and its sidecar's bytes: every
 * message not settled goes to `each`, in file order (queue order). Damage is
 * skipped record by record and described in `dropped`; nothing throws.
 */
export function recoverSegment(
  segmentId: number,
  names: { segment: string; acks: string },
  seg: Uint8Array,
  acks: Uint8Array,
  each: (m: RecoveredMessage) => void,
): SegmentRecovery {
  const dropped: DroppedData[] = [];
  const state: AckState = { settled: new Set(), delivered: new Map() };
  const ar = new ByteReader(acks);
  const ackScan = scanRecords(acks, (rv) => {
    try {
      const r = ar.reset(rv.payloadStart, rv.end);
      if (rv.type === RecordType.Settled) for (const o of readOffsets(r, 1)) state.settled.add(o);
      else if (rv.type === RecordType.Delivered) {
        const pairs = readOffsets(r, 2);
        for (let i = 0; i < pairs.length; i += 2) state.delivered.set(pairs[i]!, Math.max(pairs[i + 1]!, state.delivered.get(pairs[i]!) ?? 0));
      }
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      dropped.push({ file: names.acks, reason: `undecodable record at ${rv.offset}: ${e.message}`, bytes: rv.end - rv.offset });
    }
  });
  reportDamage(ackScan, names.acks, 'settlement records', dropped);
  // With settlement records lost, any message here may have been delivered (even
  // acked): bring every one back flagged, so duplicates arrive only as redeliveries.
  const suspect = dropped.length > 0;
  const queues = new Map<number, QueueKey>();
  const queueOf = (ref: number): QueueKey => {
    const q = queues.get(ref);
    if (!q) throw new DecodeError(`message of unknown queue reference ${ref}`);
    return q;
  };
  let live = 0;
  const r = new ByteReader(seg);
  const segScan = scanRecords(seg, (rv) => {
    try {
      r.reset(rv.payloadStart, rv.end);
      if (rv.type === RecordType.Message) {
        if (state.settled.has(rv.offset)) return;
        each(readMessageRecord(r, queueOf, makeRef(segmentId, rv.offset), state.delivered.get(rv.offset), suspect));
        live++;
      } else if (rv.type === RecordType.Queue) {
        const q = readQueueRecord(r);
        queues.set(q.ref, { vhost: q.vhost, name: q.name });
      } else if (rv.type === RecordType.SegmentHeader) {
        const h = readSegmentHeader(r);
        if (h.format !== SEGMENT_FORMAT) throw new DecodeError(`segment format ${h.format}, expected ${SEGMENT_FORMAT}`);
      }
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      dropped.push({ file: names.segment, reason: `undecodable record at ${rv.offset}: ${e.message}`, bytes: rv.end - rv.offset });
    }
  });
  reportDamage(segScan, names.segment, 'message records', dropped);
  return {
    live,
    dropped,
    truncateSegmentAt: segScan.tailBytes > 0 ? segScan.validEnd : undefined,
    truncateAcksAt: ackScan.tailBytes > 0 ? ackScan.validEnd : undefined,
  };
}

/** Describe a scan's skipped ranges and torn tail. */
export function reportDamage(scan: ScanResult, file: string, what: string, dropped: DroppedData[]): void {
  for (const d of scan.damaged) {
    dropped.push({ file, reason: `damaged ${what} at bytes ${d.start}-${d.end} skipped`, bytes: d.end - d.start });
  }
  if (scan.tailBytes > 0) {
    dropped.push({ file, reason: `torn or damaged tail of ${what} after byte ${scan.validEnd} truncated`, bytes: scan.tailBytes });
  }
}
