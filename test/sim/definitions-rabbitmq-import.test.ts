/**
 * RabbitMQ -> Brokerlab: a real export loads. The topology of
 * definitions-oracle-topology.ts is made on Debian's RabbitMQ 3.10.8 the way
 * operators make it (rabbitmqctl for vhosts, users, permissions and policies;
 * amqplib for exchanges, queues and bindings), exported in each shape 3.10.8
 * writes, loaded into Brokerlab with its import, and Brokerlab's re-export
 * compared entity by entity with RabbitMQ's (normalisations: NORMALISED in
 * definitions-oracle.ts). Then the passwords rabbitmqctl set work on
 * Brokerlab and the same messages land in the same queues on both brokers.
 *
 * Not judged here (3.10.8 does not write them): 3.13/4.x exports with queue
 * `type`, vhost metadata in the HTTP shape, `rabbitmq_definition_format` and
 * the 4.x single-vhost header; definitions.test.ts covers those against the
 * shapes rabbitmq-server's own test fixtures have.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Broker } from '../../engine/core/broker.ts';
import { VirtualScheduler } from '../../engine/core/clock.ts';
import { importDefinitions } from '../../engine/sim/definitions/apply.ts';
import type { DefinitionsImportReport } from '../../engine/sim/definitions/apply.ts';
import { exportDefinitions } from '../../engine/sim/definitions/export.ts';
import { startHarness } from '../amqp/support/amqp-harness.ts';
import type { RabbitmqNode } from '../support/rabbitmq-node.ts';
import { rabbitmqUnavailable, startRabbitmq } from '../support/rabbitmq-node.ts';
import type { Doc } from './definitions-oracle.ts';
import { compareDefinitions, ctlExport, managementApi, onlyIn } from './definitions-oracle.ts';
import { EXPECTED_DEPTHS, SHOP, behaviour, buildInRabbitmq, touchesHidden } from './definitions-oracle-topology.ts';

const unavailable = rabbitmqUnavailable();

function load(file: Doc, opts: { vhost?: string } = {}): { broker: Broker; report: DefinitionsImportReport } {
  const broker = new Broker({ scheduler: new VirtualScheduler(0), defaultUser: false });
  return { broker, report: importDefinitions(broker, file, opts) };
}

const names = (list: unknown): unknown[] => (list as { name: string }[]).map((i) => i.name);
const bindingsOf = (doc: Doc, pick: (i: Record<string, unknown>) => boolean): unknown[] => (doc['bindings'] as Record<string, unknown>[]).filter(pick);

describe.skipIf(unavailable !== undefined)(`real RabbitMQ 3.10.8's definitions.json into Brokerlab${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let node: RabbitmqNode;
  let core: Doc;
  let http: Doc;
  let single: Doc;

  beforeAll(async () => {
    node = await startRabbitmq({ management: true });
    await buildInRabbitmq(node);
    const api = managementApi(node);
    [core, http, single] = (await Promise.all([ctlExport(node), api.get('/api/definitions'), api.get(`/api/definitions/${SHOP}`)])) as [Doc, Doc, Doc];
  }, 120_000);
  afterAll(async () => {
    await node?.stop();
  });

  test('rabbitmqctl export_definitions loads, and Brokerlab exports it back the same', () => {
    // RabbitMQ's core export leaves the internal exchange out but keeps the two bindings to and from it, as Brokerlab's core shape does.
    expect(names(core['exchanges'])).not.toContain('hidden');
    expect(bindingsOf(core, touchesHidden)).toHaveLength(2);
    // 3.10 writes a vhost without limits as `"limits": []`.
    expect((core['vhosts'] as { limits: unknown }[]).map((v) => v.limits)).toEqual([[], []]);
    const { broker, report } = load(core);
    // Brokerlab skips those bindings, as RabbitMQ does when it imports this file; so they are the only difference.
    const skipped = (core['bindings'] as Record<string, unknown>[]).flatMap((b, i) => (touchesHidden(b) ? [i] : []));
    expect(report.warnings).toEqual([
      { path: `bindings[${skipped[0]}]`, message: expect.stringMatching(/exchange 'hidden' does not exist; skipped, as RabbitMQ does$/) },
      { path: `bindings[${skipped[1]}]`, message: expect.stringMatching(/exchange 'hidden' does not exist; skipped, as RabbitMQ does$/) },
    ]);
    expect(compareDefinitions(exportDefinitions(broker, { flavour: 'core' }), core, 'core')).toEqual(onlyIn('rabbitmq', core, touchesHidden, 'core'));
  });

  test('the management API export (GET /api/definitions) loads, and Brokerlab exports it back the same', () => {
    const { broker, report } = load(http);
    expect(report.warnings).toEqual([{ path: 'global_parameters', message: '1 not applied: Brokerlab does not model global parameters yet' }]);
    expect(compareDefinitions(exportDefinitions(broker, { flavour: 'http', rabbitmqVersion: '3.13.7' }), http, 'http')).toEqual([]);
  });

  test('the single-vhost export (GET /api/definitions/shop, which names no format in 3.x) loads into a vhost, and exports back the same', () => {
    expect(single).not.toHaveProperty('rabbitmq_definition_format');
    const into = load(single, { vhost: SHOP });
    expect(into.report).toMatchObject({ format: 'single_virtual_host', warnings: [] });
    expect(compareDefinitions(exportDefinitions(into.broker, { vhost: SHOP, rabbitmqVersion: '3.13.7' }), single, 'single')).toEqual([]);
    // Without a vhost it is still recognised as single-vhost (no users, no vhosts, no queue, exchange or binding naming its vhost) and goes to '/'.
    const plain = load(single);
    expect(plain.report.format).toBe('single_virtual_host');
    expect([...plain.broker.vhost('/')!.queues.keys()].sort()).toEqual([...into.broker.vhost(SHOP)!.queues.keys()].sort());
  });

  test("and behaves the same: rabbitmqctl's passwords log in to Brokerlab, topic permissions hold, the same messages land in the same queues", async () => {
    const brokerlab = await startHarness();
    try {
      importDefinitions(brokerlab.broker, http);
      const [onRabbitmq, onBrokerlab] = await Promise.all([behaviour(node.port), behaviour(brokerlab.listener.port)]);
      expect(onRabbitmq.depths).toEqual(EXPECTED_DEPTHS);
      expect(onRabbitmq.wrongPassword).toMatch(/403/);
      expect(onBrokerlab).toEqual(onRabbitmq);
    } finally {
      await brokerlab.close();
    }
  });
});
