import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { EXAMPLE_FILES } from '../../engine/sim/examples/catalog.ts';
import { parseScenario } from '../../engine/sim/scenario/load.ts';
import { buildFlow } from '../../renderer/src/graph/build-flow.ts';
import type { AppEdge, AppNode } from '../../renderer/src/graph/flow-types.ts';
import { labelBoxes, overlappingLabels, shortLabel } from '../../renderer/src/graph/edges/label-geometry.ts';
import { autoLayout, sizeOf } from '../../renderer/src/graph/layout.ts';
import { wrapColumns } from '../../renderer/src/graph/wrap-columns.ts';
import type { ConsumerDraft, ProducerDraft } from '../../renderer/src/model/scenario-doc.ts';
import { clientsOf, metaOf, scenarioModel, scenarioVhost } from '../../renderer/src/model/scenario-doc.ts';
import { timelineClients } from '../../renderer/src/model/timeline-clients.ts';
import type { BindingModel, ExchangeModel, QueueModel, TopologyModel } from '../../renderer/src/model/topology-model.ts';

const BUILT_IN = ['', 'amq.direct', 'amq.fanout', 'amq.topic', 'amq.headers', 'amq.match'].map(
  (name): ExchangeModel => ({ name, type: name === '' ? 'direct' : name.slice(4).replace('match', 'headers'), durable: true, autoDelete: false, internal: false, arguments: {}, builtIn: true }),
);

/** The graph an example opens as: its model (with the broker's built-in exchanges), clients, laid out. */
function graphOf(model: TopologyModel, producers: readonly ProducerDraft[] = [], consumers: readonly ConsumerDraft[] = []): { nodes: AppNode[]; edges: AppEdge[] } {
  const withBuiltIns = { ...model, exchanges: [...BUILT_IN, ...model.exchanges] };
  const f = buildFlow({ model: withBuiltIns, draftIds: new Set(), errors: {}, producers, consumers, issues: {}, realClients: [], prevNodes: [], hints: {} });
  return { nodes: autoLayout(f.nodes, f.edges), edges: f.edges };
}

function exampleGraph(file: string) {
  const doc = JSON.parse(readFileSync(new URL(`../../engine/sim/examples/${file}`, import.meta.url), 'utf8')) as Record<string, unknown>;
  const parsed = parseScenario(doc);
  if (!parsed.ok) throw new Error(`${file} does not parse`);
  // The studio also draws the clients the scenario's timeline adds.
  const { producers, consumers } = clientsOf(doc);
  const t = timelineClients({ producers, consumers, meta: metaOf(doc) });
  return graphOf(scenarioModel(parsed.scenario, scenarioVhost(parsed.scenario)), [...producers, ...t.producers], [...consumers, ...t.consumers]);
}

function bounds(nodes: readonly AppNode[]): { width: number; height: number } {
  const xs = nodes.flatMap((n) => [n.position.x, n.position.x + sizeOf(n).width]);
  const ys = nodes.flatMap((n) => [n.position.y, n.position.y + sizeOf(n).height]);
  return { width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
}

function overlappingNodes(nodes: readonly AppNode[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length; j++) {
      const a = nodes[i]!;
      const b = nodes[j]!;
      const [sa, sb] = [sizeOf(a), sizeOf(b)];
      if (a.position.x < b.position.x + sb.width && b.position.x < a.position.x + sa.width && a.position.y < b.position.y + sb.height && b.position.y < a.position.y + sa.height) out.push([a.id, b.id]);
    }
  }
  return out;
}

const q = (name: string, args: QueueModel['arguments'] = {}): QueueModel => ({ name, durable: true, autoDelete: false, exclusive: false, arguments: args });
const x = (name: string, type = 'direct'): ExchangeModel => ({ name, type, durable: true, autoDelete: false, internal: false, arguments: {}, builtIn: false });
const bind = (source: string, destination: string, destinationType: 'queue' | 'exchange' = 'queue', routingKey = 'k'): BindingModel => ({ source, destination, destinationType, routingKey, arguments: {} });

describe('automatic layout', () => {
  test.each(EXAMPLE_FILES)('%s: no two edge labels overlap and no two nodes overlap at the default layout', (file) => {
    const g = exampleGraph(file);
    expect(overlappingLabels(labelBoxes(g.nodes, g.edges, sizeOf))).toEqual([]);
    expect(overlappingNodes(g.nodes)).toEqual([]);
  });

  test('labels are checked for real: two bindings drawn at one spot would overlap', () => {
    const g = graphOf({ vhost: '/', exchanges: [x('a')], queues: [q('b')], bindings: [bind('a', 'b', 'queue', 'one'), bind('a', 'b', 'queue', 'two')], policies: [], users: [] });
    const boxes = labelBoxes(g.nodes, g.edges, sizeOf);
    expect(overlappingLabels(boxes)).toEqual([]);
    expect(overlappingLabels(boxes.map((b) => ({ ...b, y: boxes[0]!.y })))).toHaveLength(1);
  });

  // producer → x1 → x2 → work → dlx → dlq: six columns left to right would be 6×240 + 5×150 = 2190 px wide.
  test('a six-long chain wraps into rows: under 1300 px wide, shown at least 1.5 times larger than unwrapped', () => {
    const model: TopologyModel = {
      vhost: '/',
      exchanges: [x('x1', 'topic'), x('x2'), x('dlx', 'fanout')],
      queues: [q('work', { 'x-dead-letter-exchange': 'dlx' }), q('dlq')],
      bindings: [bind('x1', 'x2', 'exchange', 'orders.#'), bind('x2', 'work'), bind('dlx', 'dlq', 'queue', '')],
      policies: [],
      users: [],
    };
    const g = graphOf(model, [{ id: 'p', exchange: 'x1', routingKey: 'orders.new', rate: 10 } as ProducerDraft]);
    const b = bounds(g.nodes);
    expect(b.width).toBeLessThan(1300);
    const scale = Math.min(1000 / b.width, 460 / b.height);
    const unwrappedScale = Math.min(1000 / 2190, 460 / 120);
    expect(scale).toBeGreaterThan(unwrappedScale * 1.5);
    // Still left to right within each row: each link of the chain goes right, or down to the next row.
    const pos = new Map(g.nodes.map((n) => [n.id, n.position]));
    const chain = ['sim-producer:p', 'exchange:%2F/x1', 'exchange:%2F/x2', 'queue:%2F/work', 'exchange:%2F/dlx', 'queue:%2F/dlq'].map((id) => pos.get(id)!);
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.x > chain[i - 1]!.x || chain[i]!.y > chain[i - 1]!.y).toBe(true);
    expect(overlappingNodes(g.nodes)).toEqual([]);
  });

  test('producers, exchanges, queues and consumers stay on one row, however wide', () => {
    const boxes = new Map(['p', 'x', 'q', 'c'].map((id, i) => [id, { x: i * 390, y: 0, width: 240, height: 120 }]));
    expect([...wrapColumns(boxes).values()]).toEqual([...boxes.values()].map((b) => ({ x: b.x, y: b.y })));
  });

  test('long labels are cut to 18 characters with an ellipsis (they fit between two columns)', () => {
    expect(shortLabel('orders.europe.germany.berlin.#')).toBe('orders.europe.ger…');
    expect(shortLabel('orders.#')).toBe('orders.#');
  });
});
