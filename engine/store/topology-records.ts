import type { Command } from '../core/commands.ts';
import { ByteReader, ByteWriter, DecodeError } from './bytes.ts';
import { RecordType, beginRecord, endRecord, scanRecords } from './record.ts';
import { reportDamage } from './segment-recovery.ts';
import type { DroppedData } from './store.ts';
import { readValue, writeValue } from './value-codec.ts';

/** Version written in each snapshot's first record. */
export const TOPOLOGY_FORMAT = 1;

/** One command as a framed record. */
export function encodeCommand(cmd: Command, w: ByteWriter = new ByteWriter(256)): Uint8Array {
  w.reset();
  const at = beginRecord(w, RecordType.Command);
  writeValue(w, cmd);
  endRecord(w, at);
  return w.toBytes();
}

/** A whole snapshot file: begin (format, generation), the commands, end (count). */
export function encodeSnapshot(generation: number, commands: readonly Command[]): Uint8Array {
  const w = new ByteWriter(4096);
  let at = beginRecord(w, RecordType.SnapshotBegin);
  w.u16(TOPOLOGY_FORMAT);
  w.f64(generation);
  endRecord(w, at);
  for (const c of commands) {
    at = beginRecord(w, RecordType.Command);
    writeValue(w, c);
    endRecord(w, at);
  }
  at = beginRecord(w, RecordType.SnapshotEnd);
  w.u32(commands.length);
  endRecord(w, at);
  return w.toBytes();
}

/** A topology file's bytes, named for reports. */
export interface TopologyFile {
  readonly name: string;
  readonly generation: number;
  readonly bytes: Uint8Array;
}

export interface ReadCommands {
  commands: Command[];
  /** A snapshot is complete when its end record is present and its count matches. */
  complete: boolean;
  /** Cut the file here: its tail is torn or damaged. */
  truncateAt: number | undefined;
}

/** Read the commands of a snapshot or log file, skipping damaged records (described in `dropped`). */
export function readCommands(f: TopologyFile, dropped: DroppedData[]): ReadCommands {
  const commands: Command[] = [];
  let ended: number | undefined;
  const scan = scanRecords(f.bytes, (rv) => {
    try {
      const r = new ByteReader(f.bytes, rv.payloadStart, rv.end);
      if (rv.type === RecordType.Command) commands.push(asCommand(readValue(r)));
      else if (rv.type === RecordType.SnapshotBegin) {
        const format = r.u16();
        if (format !== TOPOLOGY_FORMAT) throw new DecodeError(`topology format ${format}, expected ${TOPOLOGY_FORMAT}`);
      } else if (rv.type === RecordType.SnapshotEnd) ended = r.u32();
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      dropped.push({ file: f.name, reason: `undecodable record at ${rv.offset}: ${e.message}`, bytes: rv.end - rv.offset });
    }
  });
  reportDamage(scan, f.name, 'topology records', dropped);
  return { commands, complete: ended !== undefined && ended === commands.length, truncateAt: scan.tailBytes > 0 ? scan.validEnd : undefined };
}

const COMMAND_TYPES = new Set<string>([
  'vhost.add', 'vhost.delete', 'user.add', 'user.delete', 'permission.set', 'permission.clear', 'exchange.declare',
  'exchange.delete', 'queue.declare', 'queue.delete', 'queue.purge', 'binding.add', 'binding.remove',
  'policy.set', 'policy.clear', 'topic-permission.set', 'topic-permission.clear',
]);

/** A decoded value is replayed only when it looks like a command (the broker validates the rest). */
function asCommand(v: unknown): Command {
  const t = typeof v === 'object' && v !== null ? (v as { type?: unknown }).type : undefined;
  if (typeof t !== 'string' || !COMMAND_TYPES.has(t)) throw new DecodeError('not a command');
  return v as Command;
}

/**
 * Plan topology recovery from the snapshot and log files present: the newest
 * complete snapshot, then every log from its generation on. An incomplete
 * newest snapshot falls back to the one before it (whose log still exists).
 */
export function planTopology(snapshots: readonly TopologyFile[], logs: readonly TopologyFile[]): { commands: Command[]; dropped: DroppedData[]; truncate: Map<string, number> } {
  const dropped: DroppedData[] = [];
  const truncate = new Map<string, number>();
  const bySnap = [...snapshots].sort((a, b) => b.generation - a.generation);
  let base: { generation: number; commands: Command[] } | undefined;
  for (const s of bySnap) {
    const attempt: DroppedData[] = [];
    const r = readCommands(s, attempt);
    if (r.complete || s === bySnap[bySnap.length - 1]) {
      // The oldest snapshot is used even when incomplete: better part of the topology than none.
      dropped.push(...attempt);
      if (!r.complete) dropped.push({ file: s.name, reason: 'snapshot incomplete (no end record); using what it holds', bytes: 0 });
      base = { generation: s.generation, commands: r.commands };
      break;
    }
    dropped.push({ file: s.name, reason: 'snapshot incomplete; fell back to the previous generation', bytes: s.bytes.length });
  }
  const commands = base ? [...base.commands] : [];
  const from = base?.generation ?? -Infinity;
  for (const l of [...logs].sort((a, b) => a.generation - b.generation)) {
    if (l.generation < from) continue;
    const r = readCommands(l, dropped);
    commands.push(...r.commands);
    if (r.truncateAt !== undefined) truncate.set(l.name, r.truncateAt);
  }
  return { commands, dropped, truncate };
}
