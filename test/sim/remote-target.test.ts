import { mkdtempSync, writeFileSync } from 'node:fs';
import amqp from 'amqplib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { main } from '../../engine/cli/run.ts';
import { AmqplibTransport } from '../../engine/adapters/amqplib-transport.ts';
import { PacedClock } from '../../engine/adapters/paced-clock.ts';
import { RealScheduler } from '../../engine/adapters/real-scheduler.ts';
import type { AmqpListener } from '../../engine/adapters/tcp-listener.ts';
import { startAmqpListener } from '../../engine/adapters/tcp-listener.ts';
import { Broker } from '../../engine/core/broker.ts';
import { SimulationRunner } from '../../engine/sim/runner.ts';
import { topologyCommands } from '../../engine/sim/scenario/topology-commands.ts';
import { SeededRandom } from '../../engine/core/random.ts';
import { ScenarioError } from '../../engine/sim/scenario/issues.ts';
import { scenario } from './sim-helpers.ts';

/** The same producers and consumers, through amqplib, against Brokerlab's own AMQP listener. */
describe('running against a broker over AMQP', () => {
  let broker: Broker;
  let listener: AmqpListener;
  let url: string;

  beforeAll(async () => {
    broker = new Broker({ scheduler: new RealScheduler() });
    listener = await startAmqpListener(broker, { port: 0 });
    url = listener.url.replace('amqp://', 'amqp://guest:guest@');
  });

  afterAll(async () => {
    await listener.close();
  });

  test('declares the topology on the target, then publishes, confirms and consumes through amqplib', async () => {
    const s = scenario({
      duration: '2s',
      drain: '1s',
      topology: { exchanges: [{ name: 'sim.x', type: 'topic', durable: false }], queues: [{ name: 'sim.q', durable: false }], bindings: [{ source: 'sim.x', destination: 'sim.q', routingKey: 'orders.#' }] },
      producers: [{ id: 'p', exchange: 'sim.x', routingKey: 'orders.{eu|us}', rate: 50, messages: 40, confirm: { maxUnconfirmed: 10 }, persistent: true }],
      consumers: [{ id: 'c', queue: 'sim.q', prefetch: 5, multiAckEvery: 2 }],
      assertions: [{ type: 'noMessageLost' }, { type: 'count', metric: 'delivered', equals: 40 }],
    });
    const transport = new AmqplibTransport(url);
    const { errors, skipped } = await transport.declareTopology(topologyCommands(s.topology, new SeededRandom(1)));
    expect(errors).toEqual([]);
    expect(skipped).toEqual([]);
    expect(broker.vhost('/')!.queues.has('sim.q')).toBe(true);
    const runner = new SimulationRunner(s, { transport, applyTopology: false, clock: new PacedClock({ speed: 4 }) });
    runner.start();
    const report = await runner.done;
    await transport.closeAll();
    expect(report.assertions.map((a) => [a.label, a.passed])).toEqual([
      ['no message lost', true],
      ['delivered = 40', true],
    ]);
    expect(report.summary).toMatchObject({ published: 40, confirmed: 40 });
    expect(report.summary.ordering.byProducer).toMatchObject({ outOfOrder: 0, duplicates: 0, gaps: 0 });
    expect(broker.counters.published).toBe(40);
  });

  test('a producer that stops right after its last publish loses none of it (its channel closes before its connection)', async () => {
    // `messages` stops the producer in the same tick as its last publish; amqplib would send
    // connection.close ahead of publishes still queued on the channel.
    const s = scenario({
      duration: '2s',
      drain: '2s',
      topology: { queues: [{ name: 'sim.last', durable: false }] },
      producers: [{ id: 'p', routingKey: 'sim.last', rate: 1000, messages: 300 }],
      consumers: [{ id: 'c', queue: 'sim.last' }],
    });
    const transport = new AmqplibTransport(url);
    expect((await transport.declareTopology(topologyCommands(s.topology, new SeededRandom(1)))).errors).toEqual([]);
    const runner = new SimulationRunner(s, { transport, applyTopology: false, clock: new PacedClock({ speed: 2 }) });
    runner.start();
    const report = await runner.done;
    await transport.closeAll();
    expect(await transport.removeCreated()).toEqual([]);
    expect(report.summary).toMatchObject({ published: 300, delivered: 300, lost: 0 });
    expect(broker.vhost('/')!.queues.has('sim.last')).toBe(false);
  });

  test('cleans up only what the run created: a queue that was there before stays, with its messages', async () => {
    const c = await amqp.connect(url);
    const ch = await c.createConfirmChannel();
    await ch.assertQueue('sim.pre', { durable: false });
    ch.sendToQueue('sim.pre', Buffer.from('kept'));
    await ch.waitForConfirms();
    await c.close();
    const transport = new AmqplibTransport(url);
    const topology = { exchanges: [{ name: 'sim.new.x', type: 'fanout', durable: false }], queues: [{ name: 'sim.pre', durable: false }, { name: 'sim.new', durable: false }], bindings: [{ source: 'sim.new.x', destination: 'sim.pre' }] };
    const s = scenario({ topology });
    expect((await transport.declareTopology(topologyCommands(s.topology, new SeededRandom(1)))).errors).toEqual([]);
    expect(transport.created.map((e) => `${e.kind}:${e.name}`)).toEqual(['exchange:sim.new.x', 'queue:sim.new']);
    expect(await transport.removeCreated()).toEqual([]);
    const v = broker.vhost('/')!;
    expect([v.queues.has('sim.new'), v.exchanges.has('sim.new.x')]).toEqual([false, false]);
    expect(v.queues.get('sim.pre')?.messageCount).toBe(1);
    broker.execute({ type: 'queue.delete', vhost: '/', name: 'sim.pre' });
  });

  test('refuses a scenario that acts on the broker itself, naming each event and why', () => {
    const s = scenario({
      topology: { queues: [{ name: 'q' }] },
      timeline: [
        { at: '1s', action: 'setRate', producer: 'p', rate: 5 },
        { at: '2s', action: 'restartBroker', downtime: '1s' },
        { at: '3s', action: 'setPolicy', name: 'ttl', pattern: '.*', definition: { 'message-ttl': 1000 } },
      ],
      producers: [{ id: 'p', routingKey: 'q', rate: 1 }],
    });
    let err: unknown;
    try {
      new SimulationRunner(s, { transport: new AmqplibTransport(url), applyTopology: false });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'timeline[1]: restartBroker needs the embedded engine: a remote broker cannot be restarted from a client (and its store cannot be compared with what it held); run without --target',
      'timeline[2]: setPolicy needs the embedded engine: policies cannot be set over AMQP; run without --target',
    ]);
  });

  test('reports what the target refuses at the scenario path, and what AMQP cannot create', async () => {
    // (A scenario file with this queue would not load: the loader's dry run refuses it first.)
    const { errors, skipped } = await new AmqplibTransport(url).declareTopology([
      { path: 'topology.vhosts[0]', command: { type: 'vhost.add', name: 'other' } },
      { path: 'topology.queues[0]', command: { type: 'queue.declare', vhost: '/', name: 'sim.bad', durable: false, exclusive: false, autoDelete: false, arguments: { 'x-max-length': 'lots' } } },
    ]);
    expect(skipped.map((i) => i.path)).toEqual(['topology.vhosts[0]']);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe('topology.queues[0]');
    expect(errors[0]!.message).toMatch(/^PRECONDITION_FAILED - invalid arg 'x-max-length'/);
  });

  test('brokerlab run --target runs a scenario file against the target', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'brokerlab-target-')), 'scenario.json');
    const doc = {
      schemaVersion: 2,
      name: 'target',
      duration: '1s',
      // 4 s of wall time at 5x: room for slow TCP round trips on a loaded machine
      // (against a remote broker the runner cannot see queues, so it drains in full).
      drain: '20s',
      topology: { queues: [{ name: 'sim.cli', durable: false }] },
      producers: [{ id: 'p', routingKey: 'sim.cli', rate: 20, messages: 10 }],
      consumers: [{ id: 'c', queue: 'sim.cli' }],
      assertions: [{ type: 'count', metric: 'delivered', equals: 10 }],
    };
    writeFileSync(file, JSON.stringify(doc));
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const status = await main([file, '--target', url, '--speed', '5x', '--quiet']);
    log.mockRestore();
    expect(status).toBe(0);
    expect(await main([file, '--target', url, '--speed', 'max'])).toBe(2);
  });
});
