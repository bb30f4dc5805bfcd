import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';
import type { ChannelModel } from 'amqplib';
import { afterAll, expect, test } from 'vitest';
import { SeededRandom } from '../../engine/core/random.ts';
import { startBrokerProcess } from './support/broker-process.ts';

/*
 * The durability promise, end to end: `brokerlab serve --data-dir` in a child
 * process, killed with SIGKILL while publishers (amqplib, confirms) and a
 * consumer run, then restarted on the same directory, 20 times at seeded
 * random moments.
 */

const ROUNDS = 20;
const PUBLISHERS = 2;
const QUEUES = ['crash.fifo', 'crash.prio'] as const;
const dir = mkdtempSync(join(tmpdir(), 'brokerlab-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the clients know: which messages were confirmed, delivered to them, and acked by them. */
interface Ledger {
  published: Set<string>;
  confirmed: Set<string>;
  delivered: Set<string>;
  acked: Set<string>;
  violations: string[];
}

async function connect(port: number): Promise<ChannelModel> {
  const c = await amqp.connect({ protocol: 'amqp', hostname: '127.0.0.1', port, username: 'guest', password: 'guest' }, { noDelay: true });
  c.on('error', () => {});
  return c;
}

/** Read every queue to the end: each confirmed, unacked message is there; nothing seen before comes back unflagged. */
async function verify(conn: ChannelModel, l: Ledger, round: number): Promise<number> {
  const ch = await conn.createChannel();
  const present = new Set<string>();
  for (const q of QUEUES) {
    const order = new Map<string, number>();
    for (let m = await ch.get(q, { noAck: false }); m; m = await ch.get(q, { noAck: false })) {
      const id = m.content.toString();
      if (!l.published.has(id)) l.violations.push(`round ${round}: unknown message ${id} in ${q}`);
      if (present.has(id)) l.violations.push(`round ${round}: ${id} twice`);
      if (l.delivered.has(id) && !m.fields.redelivered) l.violations.push(`round ${round}: ${id} delivered before, back without redelivered`);
      present.add(id);
      // Within one publisher and one priority, queue order is publish order.
      const [p, n] = [id.slice(0, id.lastIndexOf('-')), Number(id.slice(id.lastIndexOf('-') + 1))];
      const lane = `${p}/${m.properties.priority ?? 0}`;
      if ((order.get(lane) ?? -1) > n) l.violations.push(`round ${round}: ${id} out of order in ${q}`);
      order.set(lane, n);
    }
  }
  for (const id of l.confirmed) if (!l.acked.has(id) && !present.has(id)) l.violations.push(`round ${round}: confirmed ${id} lost`);
  ch.ackAll();
  for (const id of present) {
    l.delivered.add(id);
    l.acked.add(id);
  }
  await ch.close();
  return present.size;
}

/** Publishers with confirms (window 100) and a consumer that acks most deliveries, until the broker dies. */
function load(conn: ChannelModel, l: Ledger, round: number, rnd: SeededRandom): void {
  const run = async (k: number): Promise<void> => {
    const ch = await conn.createConfirmChannel();
    ch.on('error', () => {});
    let inFlight = 0;
    for (let n = 0; ; n++) {
      const id = `r${round}-p${k}-${n}`;
      const q = QUEUES[n % 2]!;
      l.published.add(id);
      inFlight++;
      const ok = ch.publish('', q, Buffer.from(id), { persistent: true, priority: q === 'crash.prio' ? n % 4 : 0 }, (err) => {
        inFlight--;
        if (err === null || err === undefined) l.confirmed.add(id);
      });
      if (!ok) await new Promise((r) => ch.once('drain', r));
      while (inFlight >= 100) await new Promise((r) => setImmediate(r));
    }
  };
  const consume = async (): Promise<void> => {
    const ch = await conn.createChannel();
    ch.on('error', () => {});
    await ch.prefetch(50);
    await ch.consume('crash.fifo', (m) => {
      if (!m) return;
      const id = m.content.toString();
      l.delivered.add(id);
      if (rnd.next() < 0.8) {
        ch.ack(m);
        l.acked.add(id);
      }
    });
  };
  for (let k = 0; k < PUBLISHERS; k++) run(k).catch(() => {});
  consume().catch(() => {});
}

test(`confirmed persistent messages survive SIGKILL at ${ROUNDS} random moments`, async () => {
  const rnd = new SeededRandom(4242);
  const l: Ledger = { published: new Set(), confirmed: new Set(), delivered: new Set(), acked: new Set(), violations: [] };
  const drops: string[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const broker = await startBrokerProcess(dir);
    drops.push(...broker.storeLog.filter((line) => line.includes('dropped')));
    if (round > 0 && !broker.storeLog[0]?.startsWith('store: recovered')) l.violations.push(`round ${round}: no recovery line`);
    const conn = await connect(broker.port);
    if (round === 0) {
      const ch = await conn.createChannel();
      await ch.assertQueue('crash.fifo', { durable: true });
      await ch.assertQueue('crash.prio', { durable: true, arguments: { 'x-max-priority': 3 } });
      await ch.close();
    } else await verify(conn, l, round);
    if (round === ROUNDS) {
      await conn.close();
      // A clean stop flushes and closes the store (what happens after is the CLI's business).
      const stop = await broker.kill('SIGTERM');
      if (!stop.output.includes('Stopped.')) l.violations.push(`clean stop did not finish:\n${stop.output}`);
      break;
    }
    load(conn, l, round, rnd);
    await new Promise((r) => setTimeout(r, 100 + rnd.int(400)));
    await broker.kill('SIGKILL');
  }
  expect(l.violations).toEqual([]);
  // The run did what it claims: many confirms, and kills that caught messages in flight.
  expect(l.confirmed.size).toBeGreaterThan(ROUNDS * 50);
  expect(l.published.size).toBeGreaterThan(l.confirmed.size);
  if (drops.length > 0) console.log(`torn writes truncated on restart:\n${drops.join('\n')}`);
}, 180_000);
