import { closeSync, fsyncSync, openSync, renameSync, truncateSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from '../../core/commands.ts';
import { ByteWriter } from '../../store/bytes.ts';
import type { DroppedData } from '../../store/store.ts';
import type { TopologyFile } from '../../store/topology-records.ts';
import { encodeCommand, encodeSnapshot, planTopology } from '../../store/topology-records.ts';
import { datasync, numberedFiles, pad, readOrEmpty, syncDir } from './fs-io.ts';

/**
 * The durable topology: `snapshot-G.bin` (every command that rebuilds the
 * state at generation G) and `log-G.bin` (commands since). A new snapshot
 * is written to a temporary file, synced and renamed into place before the
 * old generation's files go; one previous generation is kept as a fallback.
 * Commands are written to the log at once (so they precede any message
 * that depends on them) and synced by the next group commit.
 */
export class TopologyFiles {
  private generation = 0;
  private logFd: number | undefined;
  private dirty = false;
  private syncing: Promise<void> | undefined;
  private since = 0;
  private readonly scratch = new ByteWriter(256);

  constructor(readonly dir: string) {}

  get commandsSinceSnapshot(): number {
    return this.since;
  }

  /** True when no topology file exists yet. */
  isEmpty(): boolean {
    return numberedFiles(this.dir, /^(?:snapshot|log)-(\d+)\.bin$/).length === 0;
  }

  load(): { commands: Command[]; dropped: DroppedData[] } {
    const read = (kind: 'snapshot' | 'log'): TopologyFile[] =>
      numberedFiles(this.dir, new RegExp(`^${kind}-(\\d+)\\.bin$`)).map(({ name, n }) => ({
        name: `topology/${name}`,
        generation: n,
        bytes: readOrEmpty(join(this.dir, name)),
      }));
    const logs = read('log');
    const plan = planTopology(read('snapshot'), logs);
    for (const [name, at] of plan.truncate) truncateSync(join(this.dir, name.slice('topology/'.length)), at);
    this.generation = Math.max(0, ...logs.map((l) => l.generation), ...numberedFiles(this.dir, /^snapshot-(\d+)\.bin$/).map((s) => s.n));
    this.since = plan.commands.length;
    this.logFd = openSync(this.logPath(this.generation), 'a');
    return { commands: plan.commands, dropped: plan.dropped };
  }

  append(cmd: Command): void {
    if (this.logFd === undefined) throw new Error('topology not loaded');
    writeSync(this.logFd, encodeCommand(cmd, this.scratch));
    this.dirty = true;
    this.since++;
  }

  /** Start generation G+1 from `commands`; drop generation G-1. */
  snapshot(commands: readonly Command[]): void {
    const gen = this.generation + 1;
    const tmp = join(this.dir, `snapshot-${pad(gen)}.tmp`);
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, encodeSnapshot(gen, commands));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.snapshotPath(gen));
    const logFd = openSync(this.logPath(gen), 'w');
    syncDir(this.dir);
    const old = this.logFd;
    // A group commit may be syncing the old log right now: close it only after.
    if (old !== undefined) void (this.syncing ?? Promise.resolve()).then(() => closeSync(old));
    this.logFd = logFd;
    this.dirty = false;
    this.since = 0;
    for (const old of [this.snapshotPath(gen - 2), this.logPath(gen - 2)]) unlinkQuietly(old);
    this.generation = gen;
  }

  /** Sync the log if commands were appended since the last sync. */
  async sync(): Promise<void> {
    if (!this.dirty || this.logFd === undefined) return;
    this.dirty = false;
    this.syncing = datasync(this.logFd);
    try {
      await this.syncing;
    } finally {
      this.syncing = undefined;
    }
  }

  close(): void {
    if (this.logFd !== undefined) closeSync(this.logFd);
    this.logFd = undefined;
  }

  private snapshotPath(gen: number): string {
    return join(this.dir, `snapshot-${pad(gen)}.bin`);
  }

  private logPath(gen: number): string {
    return join(this.dir, `log-${pad(gen)}.bin`);
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Not there.
  }
}
