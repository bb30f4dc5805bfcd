import { appendFileSync, cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FileStore } from '../../engine/adapters/file-store/file-store.ts';
import { SeededRandom } from '../../engine/core/random.ts';
import type { StoreAttachment } from '../../engine/store/attach-store.ts';
import { attachStore } from '../../engine/store/attach-store.ts';
import { RecordType, scanRecords } from '../../engine/store/record.ts';
import { EngineHarness, declareQueue, text } from '../support/engine-harness.ts';

const SEGMENT_BYTES = 4096;
const temp: string[] = [];
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'brokerlab-corrupt-'));
  temp.push(d);
  return d;
}

/** Messages published (queue → bodies in order), and what was acked or delivered. */
interface Original {
  dir: string;
  queues: Record<string, string[]>;
  acked: Set<string>;
}

/** A store with two durable queues over ~20 segments, some messages acked, some delivered. */
async function populated(): Promise<Original> {
  const dir = tempDir();
  const h = new EngineHarness();
  const att = await attachStore(h.broker, new FileStore(dir, { segmentBytes: SEGMENT_BYTES }));
  const { ch } = h.channel();
  const queues: Record<string, string[]> = { a: [], b: [] };
  for (const q of Object.keys(queues)) declareQueue(ch, q, {}, { durable: true });
  for (let i = 0; i < 400; i++) {
    const q = i % 3 === 0 ? 'b' : 'a';
    const body = `${q}-${i}-${'x'.repeat(i % 50)}`;
    queues[q]!.push(body);
    ch.publish('', q, false, { deliveryMode: 2 }, text(body));
  }
  const acked = new Set<string>();
  for (let i = 0; i < 60; i++) acked.add(new TextDecoder().decode(ch.get('a', true)!.message.body));
  for (let i = 0; i < 10; i++) ch.get('b', false);
  await att.close();
  return { dir, queues, acked };
}

/** Boot a broker on `dir` (must not throw) and read every queue back, leaving the messages in place. */
async function recover(dir: string): Promise<{ att: StoreAttachment; got: Record<string, { body: string; redelivered: boolean }[]> }> {
  const h = new EngineHarness();
  const att = await attachStore(h.broker, new FileStore(dir, { segmentBytes: SEGMENT_BYTES }));
  const got: Record<string, { body: string; redelivered: boolean }[]> = {};
  for (const [name, q] of h.broker.vhost('/')?.queues ?? []) {
    got[name] = q.ready.peekMany(Infinity).map((e) => ({ body: new TextDecoder().decode(e.msg.body), redelivered: e.redelivered }));
  }
  await att.close();
  return { att, got };
}

function flipByte(b: Uint8Array, at: number, mask: number): void {
  b[at] = b[at]! ^ mask;
}

function storeFiles(dir: string): string[] {
  return ['topology', 'messages'].flatMap((sub) => readdirSync(join(dir, sub)).map((f) => join(dir, sub, f)));
}

/** Recovered messages are originals, in their original relative order. */
function expectSubsequence(got: { body: string }[], original: string[]): void {
  const index = new Map(original.map((b, i) => [b, i]));
  let last = -1;
  for (const g of got) {
    const i = index.get(g.body);
    expect(i, `unknown message ${g.body}`).toBeDefined();
    expect(i!).toBeGreaterThan(last);
    last = i!;
  }
}

describe('file store recovery from damaged files', () => {
  test('an undamaged store restores everything not acked, in order', async () => {
    const o = await populated();
    const { att, got } = await recover(o.dir);
    expect(got['a']!.map((g) => g.body)).toEqual(o.queues['a']!.filter((b) => !o.acked.has(b)));
    expect(got['b']!.map((g) => g.body)).toEqual(o.queues['b']);
    expect(got['b']!.filter((g) => g.redelivered)).toHaveLength(10);
    expect(att.report.dropped).toEqual([]);
  });

  test('random byte damage and truncation never stop recovery, and damage is reported', async () => {
    const o = await populated();
    const rnd = new SeededRandom(20240607);
    for (let round = 0; round < 40; round++) {
      const dir = tempDir();
      cpSync(o.dir, dir, { recursive: true });
      const files = storeFiles(dir).filter((f) => statSync(f).size > 0);
      const file = files[rnd.int(files.length)]!;
      const bytes = readFileSync(file);
      const original = Buffer.from(bytes);
      const flip = round % 2 === 0;
      if (flip) {
        for (let k = 0; k < 1 + rnd.int(4); k++) flipByte(bytes, rnd.int(bytes.length), 1 + rnd.int(255));
        writeFileSync(file, bytes);
      } else truncateSync(file, rnd.int(bytes.length));
      const changed = !readFileSync(file).equals(original);
      const { att, got } = await recover(dir);
      for (const q of ['a', 'b']) expectSubsequence(got[q] ?? [], o.queues[q]!);
      if (flip && changed) expect(att.report.dropped.length + att.report.failedCommands.length, `round ${round}: ${file}`).toBeGreaterThan(0);
      // A second start finds nothing more to drop: damage was truncated or skipped for good.
      const again = await recover(dir);
      expect(again.att.report.dropped.filter((d) => d.reason.includes('torn'))).toEqual([]);
    }
  });

  test('a torn last record is truncated; the rest is recovered', async () => {
    const o = await populated();
    const seg = storeFiles(o.dir).filter((f) => f.endsWith('.seg')).sort().at(-1)!;
    const bytes = readFileSync(seg);
    let last = 0;
    scanRecords(bytes, (r) => (last = r.offset));
    // A torn write: the first part of a record, as if the process died mid-write.
    appendFileSync(seg, bytes.subarray(last, last + 30));
    const size = bytes.length;
    const { att, got } = await recover(o.dir);
    expect(got['b']!.map((g) => g.body)).toEqual(o.queues['b']);
    expect(att.report.dropped).toEqual([expect.objectContaining({ reason: expect.stringContaining('torn or damaged tail'), bytes: 30 })]);
    expect(statSync(seg).size).toBe(size);
  });

  test('a damaged record inside a segment loses only that message', async () => {
    const o = await populated();
    const seg = storeFiles(o.dir).filter((f) => f.endsWith('.seg')).sort()[2]!;
    const bytes = readFileSync(seg);
    const offsets: number[] = [];
    scanRecords(bytes, (r) => r.type === RecordType.Message && offsets.push(r.end - 5));
    flipByte(bytes, offsets[1]!, 0xff);
    writeFileSync(seg, bytes);
    const { att, got } = await recover(o.dir);
    const total = got['a']!.length + got['b']!.length;
    const expected = o.queues['a']!.filter((b) => !o.acked.has(b)).length + o.queues['b']!.length;
    expect(total).toBe(expected - 1);
    expect(att.report.dropped).toHaveLength(1);
    expect(att.report.dropped[0]!.file).toMatch(/^messages\/\d+\.seg$/);
  });

  test('a damaged sidecar brings its messages back flagged redelivered, never unflagged', async () => {
    const o = await populated();
    const ack = storeFiles(o.dir).filter((f) => f.endsWith('.ack')).sort()[0]!;
    const bytes = readFileSync(ack);
    let settled = -1;
    scanRecords(bytes, (r) => r.type === RecordType.Settled && settled < 0 && (settled = r.payloadStart + 8));
    flipByte(bytes, settled, 0x40);
    writeFileSync(ack, bytes);
    const { att, got } = await recover(o.dir);
    const back = got['a']!.filter((g) => o.acked.has(g.body));
    expect(back.length).toBeGreaterThan(0);
    expect(back.every((g) => g.redelivered)).toBe(true);
    expect(att.report.dropped[0]!.file).toMatch(/\.ack$/);
  });

  test('a damaged newest snapshot falls back to the previous generation and its logs', async () => {
    const o = await populated();
    await recover(o.dir); // a second generation
    const snaps = readdirSync(join(o.dir, 'topology')).filter((f) => f.startsWith('snapshot-')).sort();
    expect(snaps.length).toBe(2);
    truncateSync(join(o.dir, 'topology', snaps[1]!), 30);
    const { att, got } = await recover(o.dir);
    expect(Object.keys(got).sort()).toEqual(['a', 'b']);
    expect(att.report.dropped.some((d) => d.reason.includes('fell back'))).toBe(true);
  });

  test('an unreadable topology keeps the default user and vhost, recreates queues for the messages, and says so', async () => {
    const o = await populated();
    for (const f of readdirSync(join(o.dir, 'topology'))) writeFileSync(join(o.dir, 'topology', f), 'garbage garbage garbage');
    const h = new EngineHarness();
    const att = await attachStore(h.broker, new FileStore(o.dir));
    expect(h.broker.users.has('guest')).toBe(true);
    expect(h.broker.vhost('/')!.queues.get('b')!.messageCount).toBe(o.queues['b']!.length);
    expect(att.report.rescuedQueues.sort()).toEqual(['//a', '//b']);
    expect(att.report.summary).toMatch(/damaged regions .* dropped, queues recreated to hold their messages: /);
    await att.close();
  });

  test('stray files in the data directory are ignored', async () => {
    const o = await populated();
    writeFileSync(join(o.dir, 'messages', 'notes.txt'), 'hello');
    writeFileSync(join(o.dir, 'messages', '000000000999.ack'), 'orphan sidecar');
    writeFileSync(join(o.dir, 'topology', 'snapshot-000000000099.tmp'), 'half a snapshot');
    const { att, got } = await recover(o.dir);
    expect(got['b']!.map((g) => g.body)).toEqual(o.queues['b']);
    expect(att.report.dropped).toEqual([]);
  });

  test('a lock left by a dead process is taken over; a live owner is refused', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'LOCK'), '999999999');
    const s = new FileStore(dir);
    await s.close();
    writeFileSync(join(dir, 'LOCK'), String(process.ppid));
    expect(() => new FileStore(dir)).toThrow(/in use by process/);
  });
});
