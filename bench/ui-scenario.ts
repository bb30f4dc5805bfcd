/**
 * The scenario the UI benchmark loads: 100 nodes on the graph (10 topic
 * exchanges, 40 queues, 25 producers, 25 consumers) and `rate` msg/s in all.
 */
export function uiBenchScenario(rate: number): Record<string, unknown> {
  const exchanges = Array.from({ length: 10 }, (_, i) => ({ name: `ex-${i}`, type: 'topic' }));
  const queues = Array.from({ length: 40 }, (_, i) => ({ name: `q-${i}`, durable: false, arguments: { 'x-max-length': 5000 } }));
  const keys = ['a', 'b', 'c', 'd'];
  // Exchange j feeds queues j, j+10, j+20, j+30, one per routing key.
  const bindings = queues.map((q, i) => ({ source: `ex-${i % 10}`, destination: q.name, routingKey: keys[Math.floor(i / 10)]! }));
  const producers = Array.from({ length: 25 }, (_, i) => ({ id: `p-${i}`, exchange: `ex-${i % 10}`, routingKey: '{a|b|c|d}', rate: rate / 25, size: 64 }));
  const consumers = Array.from({ length: 25 }, (_, i) => ({ id: `c-${i}`, queue: `q-${i}`, autoAck: true, prefetch: 0, processingTime: 0 }));
  return {
    schemaVersion: 2,
    name: 'UI benchmark: 100 nodes',
    description: `${rate} msg/s over 10 exchanges, 40 queues, 25 producers and 25 consumers.`,
    seed: 7,
    duration: '1h',
    topology: { exchanges, queues, bindings },
    producers,
    consumers,
  };
}
