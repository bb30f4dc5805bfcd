/**
 * Brokerlab -> RabbitMQ: what Brokerlab exports, real RabbitMQ imports
 * unchanged. The oracle is Debian's RabbitMQ 3.10.8: each export shape is
 * imported into a wiped node and RabbitMQ's own export compared entity by
 * entity with Brokerlab's (normalisations: NORMALISED in definitions-oracle.ts);
 * then users log in with their Brokerlab passwords and the same messages land
 * in the same queues on both brokers.
 *
 * Not judged here (4.x only; 3.10.8 cannot say): that 4.2's HTTP export leaves
 * internal exchanges out, the 4.x header fields (rabbitmq_definition_format,
 * original_cluster_name/original_vhost_name, explanation) and a 4.x
 * single-vhost file's own metadata, and vhost limits written as {}. 3.10.8
 * takes all of these files; it ignores what it does not know.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DefinitionsExportOptions } from '../../engine/sim/definitions/export.ts';
import { exportDefinitions } from '../../engine/sim/definitions/export.ts';
import { startHarness } from '../amqp/support/amqp-harness.ts';
import type { Harness } from '../amqp/support/amqp-harness.ts';
import type { RabbitmqNode } from '../support/rabbitmq-node.ts';
import { rabbitmqUnavailable, startRabbitmq } from '../support/rabbitmq-node.ts';
import type { Doc } from './definitions-oracle.ts';
import { compareDefinitions, ctlExport, ctlImport, managementApi, onlyIn, wipe } from './definitions-oracle.ts';
import { EXPECTED_DEPTHS, SHOP, behaviour, buildInBrokerlab, touchesHidden } from './definitions-oracle-topology.ts';

const unavailable = rabbitmqUnavailable();

describe.skipIf(unavailable !== undefined)(`Brokerlab's definitions.json into real RabbitMQ 3.10.8${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let node: RabbitmqNode;
  let brokerlab: Harness;
  const exported = (opts: DefinitionsExportOptions): Doc => exportDefinitions(brokerlab.broker, opts);

  beforeAll(async () => {
    [node, brokerlab] = await Promise.all([startRabbitmq({ management: true }), startHarness()]);
    buildInBrokerlab(brokerlab.broker);
  }, 120_000);
  afterAll(async () => {
    await brokerlab?.close();
    await node?.stop();
  });

  /**
   * The core shape (rabbitmqctl's, both versions) and 4.2's HTTP shape leave
   * internal exchanges out but keep the bindings to and from them, as
   * RabbitMQ's own core export does (definitions-rabbitmq-import.test.ts
   * shows 3.10.8 doing it); importing such a file, RabbitMQ skips bindings
   * whose exchange does not exist. So those files lose `hidden` and its two
   * bindings on the way, whoever wrote them; the other shapes lose nothing.
   */
  const CLUSTER_SHAPES: { shape: string; opts: DefinitionsExportOptions; keepsInternal: boolean }[] = [
    { shape: 'core 4.2', opts: { flavour: 'core' }, keepsInternal: false },
    { shape: 'core 3.13', opts: { flavour: 'core', rabbitmqVersion: '3.13.7' }, keepsInternal: false },
    { shape: 'HTTP 3.13', opts: { flavour: 'http', rabbitmqVersion: '3.13.7' }, keepsInternal: true },
    { shape: 'HTTP 4.0', opts: { flavour: 'http', rabbitmqVersion: '4.0.5' }, keepsInternal: true },
    { shape: 'HTTP 4.2', opts: { flavour: 'http' }, keepsInternal: false },
  ];

  test.each(CLUSTER_SHAPES)('cluster-wide $shape: rabbitmqctl import_definitions takes it, and both of its exports give it back', async ({ opts, keepsInternal }) => {
    await wipe(node);
    await ctlImport(node, exported(opts));
    const [rabbitmqCore, rabbitmqHttp] = await Promise.all([ctlExport(node), managementApi(node).get('/api/definitions') as Promise<Doc>]);
    // Compared with the same Brokerlab broker exported in the shape each RabbitMQ export has (3.10's HTTP API writes 3.13's shape).
    const core = exported({ flavour: 'core' });
    const http = exported({ flavour: 'http', rabbitmqVersion: '3.13.7' });
    const lostCore = onlyIn('brokerlab', core, touchesHidden, 'core');
    const lostHttp = onlyIn('brokerlab', http, touchesHidden, 'http');
    expect([lostCore.length, lostHttp.length]).toEqual([2, 3]); // the two bindings; in the HTTP shape, the exchange too
    expect(compareDefinitions(core, rabbitmqCore, 'core')).toEqual(keepsInternal ? [] : lostCore);
    expect(compareDefinitions(http, rabbitmqHttp, 'http')).toEqual(keepsInternal ? [] : lostHttp);
  });

  /** rabbitmqctl in 3.10 imports cluster-wide files only; a single-vhost file goes through POST /api/definitions/{vhost}. */
  const SINGLE_SHAPES: { shape: string; opts: DefinitionsExportOptions; keepsInternal: boolean }[] = [
    { shape: '3.13', opts: { vhost: SHOP, rabbitmqVersion: '3.13.7' }, keepsInternal: true },
    { shape: '4.0', opts: { vhost: SHOP, rabbitmqVersion: '4.0.5' }, keepsInternal: true },
    { shape: '4.2', opts: { vhost: SHOP }, keepsInternal: false },
  ];

  test.each(SINGLE_SHAPES)('single-vhost $shape: POST /api/definitions/shop takes it, and GET gives it back', async ({ opts, keepsInternal }) => {
    await wipe(node);
    const api = managementApi(node);
    await api.send('PUT', `/api/vhosts/${SHOP}`, {});
    await api.send('POST', `/api/definitions/${SHOP}`, exported(opts));
    const mine = exported({ vhost: SHOP, rabbitmqVersion: '3.13.7' });
    expect(compareDefinitions(mine, (await api.get(`/api/definitions/${SHOP}`)) as Doc, 'single')).toEqual(keepsInternal ? [] : onlyIn('brokerlab', mine, touchesHidden, 'single'));
  });

  test('and behaves the same: users log in with their Brokerlab passwords, topic permissions hold, the same messages land in the same queues', async () => {
    await wipe(node);
    await managementApi(node).send('POST', '/api/definitions', exported({ flavour: 'http', rabbitmqVersion: '3.13.7' }));
    const [onRabbitmq, onBrokerlab] = await Promise.all([behaviour(node.port), behaviour(brokerlab.listener.port)]);
    expect(onBrokerlab.depths).toEqual(EXPECTED_DEPTHS);
    expect(onBrokerlab.wrongPassword).toMatch(/403/);
    expect(onRabbitmq).toEqual(onBrokerlab);
  });
});
