import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FileStore } from '../../engine/adapters/file-store/file-store.ts';
import { Broker } from '../../engine/core/broker.ts';
import { VirtualScheduler } from '../../engine/core/clock.ts';
import { reportCsv } from '../../engine/sim/report/report-csv.ts';
import { reportHtml } from '../../engine/sim/report/report-html.ts';
import { SimulationRunner } from '../../engine/sim/runner.ts';
import { parseScenario } from '../../engine/sim/scenario/load.ts';
import { attachStore, attachStoreNow, storeAttachmentOf } from '../../engine/store/attach-store.ts';
import { MemoryStore, MemoryStoreData } from '../../engine/store/memory-store.ts';
import { run, scenario, startSim } from './sim-helpers.ts';

/** Consumers slower than producers, so messages are queued and unacked when the broker stops at 5 s. */
const durability = {
  duration: '10s',
  drain: '30s',
  topology: { queues: [{ name: 'dp' }, { name: 'dt' }, { name: 'nd', durable: false }] },
  producers: [
    { id: 'persistent', routingKey: 'dp', rate: 40, persistent: true },
    { id: 'transient', routingKey: 'dt', rate: 40 },
    { id: 'into-nd', routingKey: 'nd', rate: 40, persistent: true },
  ],
  consumers: [
    { id: 'c-dp', queue: 'dp', prefetch: 5, processingTime: '40ms' },
    { id: 'c-dt', queue: 'dt', prefetch: 5, processingTime: '40ms' },
    { id: 'c-nd', queue: 'nd', prefetch: 5, processingTime: '40ms' },
  ],
  timeline: [{ at: '5s', action: 'restartBroker', downtime: '1500ms' }],
};

describe('restarting the broker from the timeline', () => {
  test('persistent messages in durable queues survive; transient ones and non-durable queues are lost, and the ledger says why', () => {
    const r = run(durability);
    const loss = Object.fromEntries(r.loss.map((l) => [l.group, l]));
    expect(loss['persistent']!.lost).toBe(0);
    expect(loss['persistent']!.restart).toEqual({ transient: 0, queueGone: 0, clientBuffer: 0, other: 0, notConfirmed: 0, republished: 0 });
    const t = loss['transient']!;
    expect(t.restart!.transient).toBeGreaterThan(10);
    expect(t.lost).toBe(t.restart!.transient);
    const nd = loss['into-nd']!;
    expect(nd.restart!.queueGone).toBeGreaterThan(10);
    expect(nd.restart!.transient).toBe(0);
    expect(nd.lost).toBe(nd.restart!.queueGone);
    const e = r.timeline[0]!;
    expect(e).toMatchObject({ at: 5000, action: 'restartBroker', ok: true });
    expect(e.detail).toContain(`lost ${t.lost! + nd.lost!}: ${t.lost} transient, ${nd.lost} in queues that did not survive`);
    // What was delivered and unacked when the broker stopped comes back redelivered.
    const cdp = r.clients.find((c) => c.id === 'c-dp')!;
    expect(cdp.redelivered).toBeGreaterThanOrEqual(1);
    expect(cdp.received).toBe(loss['persistent']!.published + cdp.redelivered);
    // The queues before the restart are listed apart from the ones the store gave back.
    expect(r.queues.filter((q) => q.name === 'dp').map((q) => q.removedAt)).toEqual([undefined, 5000]);
    expect(reportHtml(r)).toContain('dp (gone at 5 s)');
    // A forced close is not a crash.
    expect(r.clients.every((c) => c.crashes === 0)).toBe(true);
  });

  test('clients recover: producers carry on with their sequence, consumers subscribe again, the topology is declared again', () => {
    const { sim, advance } = startSim(durability);
    advance(5000);
    expect(sim.broker.running).toBe(false);
    expect(sim.broker.connections.size).toBe(0);
    expect(sim.broker.vhosts.size).toBe(0);
    const seqs = sim.producers.map((p) => p.seq);
    advance(1500);
    expect(sim.broker.running).toBe(true);
    expect([...sim.broker.vhost('/')!.queues.keys()].sort()).toEqual(['dp', 'dt', 'nd']);
    advance(1000);
    expect(sim.broker.connections.size).toBe(6);
    expect(sim.producers.map((p) => p.seq > seqs[sim.producers.indexOf(p)]!)).toEqual([true, true, true]);
    expect(sim.broker.vhost('/')!.queues.get('nd')!.consumerCount).toBe(1);
  });

  test('with the same seed, a run with a restart gives a byte-identical report', () => {
    const doc = {
      ...durability,
      broker: { storeSyncTime: '15ms' },
      producers: [
        { id: 'persistent', routingKey: 'dp', rate: { type: 'poisson', perSecond: 120 }, persistent: true, confirm: { maxUnconfirmed: 20, republish: true } },
        { id: 'transient', routingKey: 'dt', rate: { type: 'poisson', perSecond: 60 } },
      ],
      consumers: [
        { id: 'c-dp', queue: 'dp', prefetch: 10, processingTime: { type: 'exponential', mean: 8 }, failures: { nackRequeue: 0.02 } },
        { id: 'c-dt', queue: 'dt', autoAck: true, processingTime: { type: 'exponential', mean: 20 } },
      ],
    };
    const a = run(doc);
    const b = run(doc);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(reportCsv(b)).toBe(reportCsv(a));
    expect(reportHtml(b)).toBe(reportHtml(a));
    expect(reportHtml(a)).toContain('down 1500 ms');
    expect(a.loss.find((l) => l.group === 'transient')!.restart!.clientBuffer + a.loss.find((l) => l.group === 'transient')!.restart!.transient).toBeGreaterThan(0);
  });

  test('a confirming producer counts publishes in doubt; with republish it sends them again and the consumer sees duplicates', () => {
    const r = run({
      duration: '10s',
      drain: '10s',
      broker: { storeSyncTime: '20ms' },
      topology: { queues: [{ name: 'a' }, { name: 'b' }] },
      producers: [
        { id: 'gives-up', routingKey: 'a', rate: 200, persistent: true, confirm: { maxUnconfirmed: 50 } },
        { id: 'again', routingKey: 'b', rate: 200, persistent: true, confirm: { maxUnconfirmed: 50, republish: true } },
      ],
      consumers: [
        { id: 'ca', queue: 'a', prefetch: 50, processingTime: '2ms' },
        { id: 'cb', queue: 'b', prefetch: 50, processingTime: '2ms' },
      ],
      timeline: [{ at: '5s', action: 'restartBroker', downtime: '1s' }],
    });
    const gives = r.loss.find((l) => l.group === 'gives-up')!.restart!;
    const again = r.loss.find((l) => l.group === 'again')!.restart!;
    expect(gives.notConfirmed).toBeGreaterThan(0);
    expect(gives.republished).toBe(0);
    expect(again.notConfirmed).toBeGreaterThan(0);
    expect(again.republished).toBe(again.notConfirmed);
    expect(r.summary.lost).toBe(0);
    const cb = r.clients.find((c) => c.id === 'cb')!;
    const ca = r.clients.find((c) => c.id === 'ca')!;
    const published = (id: string): number => r.clients.find((c) => c.id === id)!.published;
    // `published` counts the republished ones: each of them arrived twice.
    expect(cb.received).toBe(published('again'));
    expect(ca.received).toBe(published('gives-up'));
    expect(r.summary.ordering.byProducer.duplicates).toBe(again.republished);
    expect(r.timeline[0]!.detail).toContain(`${gives.notConfirmed + again.notConfirmed} publishes not confirmed`);
  });

  test('goes through the broker\'s own store when it has one, and leaves it attached', () => {
    const clock = new VirtualScheduler(0);
    const broker = new Broker({ scheduler: clock });
    const data = new MemoryStoreData();
    const att = attachStoreNow(broker, new MemoryStore(data, { defer: (fn) => void clock.setTimeout(fn, 0) }));
    const sc = scenario(durability);
    const r = new SimulationRunner(sc, { broker, clock: 'virtual' });
    // The runner's virtual clock is its own: drive the broker's clock along with it.
    r.sim.metrics.onSample(() => clock.advanceTo(r.sim.scheduler.now()));
    const report = r.runToEnd();
    expect(report.timeline[0]!.ok).toBe(true);
    expect(storeAttachmentOf(broker)).toBe(att);
    expect(att.stopped).toBe(false);
    expect((data.snapshot ?? []).some((c) => c.type === 'queue.declare' && c.name === 'dp')).toBe(true);
  });

  test('on a broker with no store, persistent messages queued before the run survive its restart too', () => {
    const clock = new VirtualScheduler(0);
    const broker = new Broker({ scheduler: clock });
    broker.execute({ type: 'queue.declare', vhost: '/', name: 'kept', durable: true, exclusive: false, autoDelete: false, arguments: {} });
    const conn = broker.connect({ user: '', vhost: '/', kind: 'internal' });
    const ch = conn.openChannel(1, { deliver() {}, returned() {}, confirm() {}, cancelled() {}, closedByBroker() {} });
    for (let i = 0; i < 3; i++) ch.publish('', 'kept', false, { deliveryMode: 2 }, new Uint8Array([i]));
    ch.publish('', 'kept', false, {}, new Uint8Array([9])); // transient: a restart takes it
    conn.close();
    const r = new SimulationRunner(scenario(durability), { broker, clock: 'virtual' });
    r.sim.metrics.onSample(() => clock.advanceTo(r.sim.scheduler.now()));
    const report = r.runToEnd();
    expect(report.timeline[0]!.ok).toBe(true);
    expect(broker.vhost('/')!.queues.get('kept')!.messageCount).toBe(3);
  });

  test('names the field of a bad restart event', () => {
    const bad = (event: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
      const r = parseScenario({ schemaVersion: 2, name: 't', duration: '10s', timeline: [{ at: '1s', action: 'restartBroker', ...event }], ...extra });
      return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
    };
    expect(bad({ downtime: 'soon' })).toEqual(['timeline[0].downtime: must be a duration like "500ms", "10s", "5m" or a number of milliseconds (got "soon")']);
    expect(bad({ redeclare: 'yes' })).toEqual(['timeline[0].redeclare: must be true or false']);
    expect(bad({ dowtnime: '1s' })[0]).toMatch(/^timeline\[0\]/);
    expect(bad({ downtime: '20s' })).toEqual(['timeline[0].downtime: ends after the run (10000 ms): the broker would still be down']);
    expect(bad({ downtime: '2s' })).toEqual([]);
    expect(bad({ action: 'restart' })[0]).toContain('restartBroker');
  });
});

describe('restarting a broker whose host gave it a file store', () => {
  test('goes through the files: the broker stays down until the store has been read again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brokerlab-sim-restart-'));
    try {
      const clock = new VirtualScheduler(0);
      const broker = new Broker({ scheduler: clock });
      const att = await attachStore(broker, new FileStore(dir));
      const r = new SimulationRunner(scenario(durability), { broker });
      r.step(5000);
      expect(broker.running).toBe(false);
      r.step(1500);
      // The file store recovers asynchronously; time stands still meanwhile.
      while (!broker.running) await new Promise((res) => setTimeout(res, 5));
      expect(broker.vhost('/')!.queues.get('dp')!.messageCount).toBeGreaterThan(0);
      r.step(30_000);
      const report = r.stop();
      expect(report.timeline[0]).toMatchObject({ ok: true });
      expect(report.timeline[0]!.detail).toMatch(/the store gave back [1-9]\d* messages/);
      expect(report.loss.find((l) => l.group === 'persistent')!.lost).toBe(0);
      expect(report.loss.find((l) => l.group === 'transient')!.restart!.transient).toBeGreaterThan(0);
      expect(storeAttachmentOf(broker)).toBe(att);
      await att.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
