import { describe, expect, test } from 'vitest';
import type { FieldTable } from '../../engine/core/field-value.ts';
import type { BasicProperties } from '../../engine/core/message.ts';
import type { RouteExplanation } from '../../engine/core/route-explain.ts';
import { explainRoute, UNMATCHED_SHOWN } from '../../engine/core/route-explain.ts';
import { declareQueue } from '../support/engine-harness.ts';
import { bindExchange, bindQueue, declareExchange, publish, queueOf, routingSetup } from '../support/core-helpers.ts';

type Setup = ReturnType<typeof routingSetup>;

function explain(s: Setup, exchange: string, routingKey: string, props: BasicProperties = {}, mandatory = true, bodySize = 1): RouteExplanation {
  return explainRoute(s.h.broker, s.h.broker.vhost('/')!, { exchange, routingKey, properties: props, bodySize, mandatory });
}

/** The verdicts of every hop as `exchange: binding-key → destination ✓/✗ reason`. */
function verdicts(e: RouteExplanation): string[] {
  return e.hops.flatMap((h) => h.bindings.map((v) => `${h.exchange.name}: ${v.binding.routingKey || JSON.stringify(v.binding.arguments)} → ${v.binding.destination} ${v.matched ? '✓' : '✗'} ${v.reason}`));
}

describe('route explain: one exchange of each type', () => {
  const cases: { type: string; bindings: [string, string, FieldTable?][]; key: string; headers?: FieldTable; queues: string[]; lines: string[] }[] = [
    {
      type: 'direct',
      bindings: [['a', 'green'], ['b', 'red']],
      key: 'green',
      queues: ['a'],
      lines: ["x: green → a ✓ routing key 'green' equals the binding key", "x: red → b ✗ binding key 'red' is not the routing key 'green'"],
    },
    {
      type: 'topic',
      bindings: [['a', 'orders.*.eu'], ['b', 'orders.#'], ['c', 'orders.*'], ['d', 'billing.*.eu']],
      key: 'orders.new.eu',
      // In the router's order: the trie tries `#` first.
      queues: ['b', 'a'],
      lines: [
        "x: orders.# → b ✓ 'orders.new.eu' matches pattern 'orders.#'",
        "x: orders.*.eu → a ✓ 'orders.new.eu' matches pattern 'orders.*.eu'",
        "x: orders.* → c ✗ 'orders.new.eu' does not match pattern 'orders.*': the key has 3 words, the pattern 2 words (* stands for exactly one word)",
        "x: billing.*.eu → d ✗ 'orders.new.eu' does not match pattern 'billing.*.eu': word 1 is 'orders', the pattern wants 'billing'",
      ],
    },
    {
      type: 'fanout',
      bindings: [['a', 'ignored'], ['b', '']],
      key: 'anything',
      queues: ['a', 'b'],
      lines: ['x: ignored → a ✓ fanout: every binding matches, the routing key is ignored', 'x: {} → b ✓ fanout: every binding matches, the routing key is ignored'],
    },
    {
      type: 'headers',
      bindings: [
        ['a', '', { 'x-match': 'all', format: 'pdf', type: 'report' }],
        ['b', '', { 'x-match': 'any', format: 'doc', lang: 'en' }],
        ['c', '', { 'x-match': 'all', format: 'pdf', urgent: null }],
      ],
      key: '',
      headers: { format: 'pdf', type: 'report' },
      queues: ['a'],
      lines: [
        'x: {"x-match":"all","format":"pdf","type":"report"} → a ✓ x-match all: every header matches (format = \'pdf\', type = \'report\')',
        'x: {"x-match":"any","format":"doc","lang":"en"} → b ✗ x-match any: none of the headers match (header \'format\' is \'pdf\', the binding wants \'doc\'; header \'lang\' is missing)',
        'x: {"x-match":"all","format":"pdf","urgent":null} → c ✗ x-match all: header \'urgent\' is missing',
      ],
    },
  ];
  test.each(cases)('$type exchange: which bindings matched and why', (c) => {
    const s = routingSetup('a', 'b', 'c', 'd');
    declareExchange(s.h, 'x', c.type);
    for (const [q, key, args] of c.bindings) bindQueue(s.h, q, 'x', key, args ?? {});
    const e = explain(s, 'x', c.key, c.headers ? { headers: c.headers } : {});
    expect(e.outcome).toBe('routed');
    expect(e.queues.map((q) => q.queue)).toEqual(c.queues);
    expect(verdicts(e)).toEqual(c.lines);
    expect(e.hops[0]!.text).toBe(`Published to ${c.type} exchange 'x' with routing key '${c.key}'.`);
    expect(e.summary).toBe(`Routed to ${c.queues.length} queue${c.queues.length === 1 ? '' : 's'}: ${c.queues.join(', ')}`);
  });

  test('headers any with a matching header names it; all-with-x compares x- keys', () => {
    const s = routingSetup('a', 'b');
    declareExchange(s.h, 'x', 'headers');
    bindQueue(s.h, 'a', 'x', '', { 'x-match': 'any', format: 'pdf', lang: 'en' });
    bindQueue(s.h, 'b', 'x', '', { 'x-match': 'all-with-x', 'x-tenant': 'acme' });
    const e = explain(s, 'x', '', { headers: { lang: 'en', 'x-tenant': 'other' } });
    expect(verdicts(e)).toEqual([
      'x: {"x-match":"any","format":"pdf","lang":"en"} → a ✓ x-match any: lang = \'en\' matches',
      'x: {"x-match":"all-with-x","x-tenant":"acme"} → b ✗ x-match all-with-x: header \'x-tenant\' is \'other\', the binding wants \'acme\'',
    ]);
  });
});

describe('route explain: paths', () => {
  test('exchange-to-exchange hops say how each exchange was reached', () => {
    const s = routingSetup('q1', 'q2');
    declareExchange(s.h, 'front', 'topic');
    declareExchange(s.h, 'inner', 'fanout', { internal: true });
    bindExchange(s.h, 'inner', 'front', 'orders.#');
    bindQueue(s.h, 'q1', 'inner', '');
    bindQueue(s.h, 'q2', 'front', 'orders.new');
    const e = explain(s, 'front', 'orders.new');
    expect(e.hops.map((h) => [h.exchange.name, h.via.kind, h.text])).toEqual([
      ['front', 'publish', "Published to topic exchange 'front' with routing key 'orders.new'."],
      ['inner', 'binding', "Reached fanout exchange 'inner' (internal) through a binding of 'front'."],
    ]);
    expect(e.queues.map((q) => q.queue).sort()).toEqual(['q1', 'q2']);
  });

  test('an exchange-to-exchange cycle is walked once; the binding back says so', () => {
    const s = routingSetup('q');
    declareExchange(s.h, 'a', 'fanout');
    declareExchange(s.h, 'b', 'fanout');
    bindExchange(s.h, 'b', 'a', '');
    bindExchange(s.h, 'a', 'b', '');
    bindQueue(s.h, 'q', 'b', '');
    const e = explain(s, 'a', '');
    expect(e.hops.map((h) => h.exchange.name)).toEqual(['a', 'b']);
    const back = e.hops[1]!.bindings.find((v) => v.binding.destination === 'a')!;
    expect({ matched: back.matched, alreadyReached: back.alreadyReached }).toEqual({ matched: true, alreadyReached: true });
  });

  test('an alternate-exchange chain: each exchange that matches nothing falls back to its AE', () => {
    const s = routingSetup('last');
    declareExchange(s.h, 'ae2', 'fanout');
    declareExchange(s.h, 'ae1', 'direct', { arguments: { 'alternate-exchange': 'ae2' } });
    declareExchange(s.h, 'main', 'topic', { arguments: { 'alternate-exchange': 'ae1' } });
    bindQueue(s.h, 'last', 'ae2', '');
    const e = explain(s, 'main', 'nothing.binds.this');
    expect(e.hops.map((h) => [h.exchange.name, h.via.kind, h.alternate?.status ?? null])).toEqual([
      ['main', 'publish', 'followed'],
      ['ae1', 'alternate', 'followed'],
      ['ae2', 'alternate', null],
    ]);
    expect(e.hops[0]!.unmatchedText).toBe("No binding of topic exchange 'main' matched 'nothing.binds.this': on to its alternate exchange 'ae1'.");
    expect(e.hops[1]!.text).toBe("Sent to direct exchange 'ae1', the alternate exchange of 'main', which matched nothing.");
    expect(e.usedAlternate).toBe(true);
    expect(e.summary).toBe("Routed to 1 queue via alternate exchange 'ae1': last");
  });

  test('an alternate exchange that does not exist, and one already walked, end the walk', () => {
    const s = routingSetup();
    declareExchange(s.h, 'ghosted', 'direct', { arguments: { 'alternate-exchange': 'ghost' } });
    expect(explain(s, 'ghosted', 'k').hops[0]!.unmatchedText).toBe("No binding of direct exchange 'ghosted' matched 'k'; its alternate exchange 'ghost' does not exist.");
    declareExchange(s.h, 'self', 'direct', { arguments: { 'alternate-exchange': 'self' } });
    const e = explain(s, 'self', 'k');
    expect(e.hops[0]!.alternate).toEqual({ name: 'self', status: 'already-walked' });
    expect(e.outcome).toBe('returned');
  });

  test('mandatory decides between returned and dropped', () => {
    const s = routingSetup();
    declareExchange(s.h, 'x', 'direct');
    expect(explain(s, 'x', 'k', {}, true)).toMatchObject({ outcome: 'returned', summary: 'Unroutable (no binding matched on the whole path): returned to the publisher with 312 NO_ROUTE (mandatory).' });
    expect(explain(s, 'x', 'k', {}, false)).toMatchObject({ outcome: 'dropped', summary: 'Unroutable (no binding matched on the whole path): dropped (not mandatory).' });
    expect(explain(s, 'x', 'k').hops[0]!.unmatchedText).toBe("No binding of direct exchange 'x' matched 'k', and it has no alternate exchange.");
  });

  test('the default exchange routes by queue name', () => {
    const s = routingSetup('jobs');
    expect(explain(s, '', 'jobs')).toMatchObject({ outcome: 'routed', summary: 'Routed to 1 queue: jobs' });
    const e = explain(s, '', 'nope');
    expect(e.summary).toBe("Unroutable (there is no queue 'nope'): returned to the publisher with 312 NO_ROUTE (mandatory).");
    expect(e.hops[0]!.unmatchedText).toBe("The default exchange routes to the queue named by the routing key, and there is no queue 'nope'.");
  });

  test('a missing or internal exchange is refused with RabbitMQ text', () => {
    const s = routingSetup();
    declareExchange(s.h, 'inner', 'fanout', { internal: true });
    expect(explain(s, 'ghost', '')).toMatchObject({ outcome: 'refused', refused: { replyCode: 404, text: "NOT_FOUND - no exchange 'ghost' in vhost '/'" }, hops: [] });
    expect(explain(s, 'inner', '').summary).toBe("Refused: 403 ACCESS_REFUSED - cannot publish to internal exchange 'inner' in vhost '/'");
  });

  test('CC and BCC keys are routed by every exchange on the path, each exchange walked once', () => {
    const s = routingSetup('a', 'b', 'c', 'd');
    declareExchange(s.h, 'x', 'direct');
    declareExchange(s.h, 'down', 'direct');
    for (const q of ['a', 'b', 'c']) bindQueue(s.h, q, 'x', q);
    bindQueue(s.h, 'd', 'x', 'nothing');
    bindExchange(s.h, 'down', 'x', 'a');
    bindQueue(s.h, 'b', 'down', 'b');
    const e = explain(s, 'x', 'a', { headers: { CC: ['b'], BCC: ['c'] } });
    expect(e.keys).toEqual(['a', 'b', 'c']);
    expect(e.hops.map((h) => [h.exchange.name, h.via.kind, h.keys])).toEqual([
      ['x', 'publish', ['a', 'b', 'c']],
      ['down', 'binding', ['a', 'b', 'c']],
    ]);
    expect(e.hops[0]!.text).toBe("Published to direct exchange 'x' with routing key 'a' and CC/BCC keys 'b', 'c'.");
    const verdicts = e.hops[0]!.bindings;
    expect(verdicts.filter((v) => v.matched).map((v) => v.reason)).toContain("routing key 'b' equals the binding key");
    expect(verdicts.find((v) => !v.matched)!.reason).toBe("binding key 'nothing' is not the routing key 'a', nor any CC/BCC key ('b', 'c')");
    // 'b' is reached from both exchanges: one copy, the second match says so.
    expect(e.hops[1]!.bindings).toMatchObject([{ matched: true, alreadyReached: true }]);
    expect(e.queues.map((q) => q.queue).sort()).toEqual(['a', 'b', 'c']);
  });

  test('unmatched bindings are listed up to a limit, the rest counted', () => {
    const s = routingSetup('q');
    declareExchange(s.h, 'x', 'direct');
    for (let i = 0; i < UNMATCHED_SHOWN + 5; i++) bindQueue(s.h, 'q', 'x', `k${i}`);
    const h = explain(s, 'x', 'k3').hops[0]!;
    expect(h.bindings.filter((v) => v.matched).length).toBe(1);
    expect(h.bindings.filter((v) => !v.matched).length).toBe(UNMATCHED_SHOWN);
    expect(h.omitted).toBe(4);
  });
});

describe('route explain: what each queue would do', () => {
  test('reject-publish when full, drop-head, TTL and consumers', () => {
    const s = routingSetup();
    declareQueue(s.ch, 'full', { 'x-max-length': 1, 'x-overflow': 'reject-publish' });
    declareQueue(s.ch, 'rolling', { 'x-max-length': 1, 'x-dead-letter-exchange': 'dlx' });
    declareQueue(s.ch, 'ttl', { 'x-message-ttl': 500 });
    declareExchange(s.h, 'x', 'fanout');
    for (const q of ['full', 'rolling', 'ttl']) bindQueue(s.h, q, 'x', '');
    publish(s.ch, 'x', '');
    const e = explain(s, 'x', '', { expiration: '200' });
    expect(Object.fromEntries(e.queues.map((q) => [q.queue, [q.result, q.text]]))).toEqual({
      full: ['rejected', "Queue 'full' is full (1 of x-max-length 1): x-overflow reject-publish refuses it; a confirming publisher gets a nack."],
      rolling: ['drops-head', "Enqueued on 'rolling', which is full (1 of x-max-length 1): its oldest message is dead-lettered to 'dlx' (x-overflow drop-head)."],
      ttl: ['enqueued', "Enqueued on 'ttl' (1 message ready, 0 consumers; expires after 200 ms)."],
    });
    expect(e.outcome).toBe('rejected');
    expect(e.summary).toBe("Routed to 3 queues: full, rolling, ttl; refused by 'full' (full, x-overflow reject-publish)");
    // The forecast is what enqueue does.
    s.ch.confirmSelect();
    publish(s.ch, 'x', '');
    expect(s.sink.confirms.at(-1)).toMatchObject({ ack: false });
    expect(queueOf(s.h, 'full').messageCount).toBe(1);
  });
});

describe('route explain changes nothing', () => {
  test('no counters move, no message is enqueued, binding counters stay', () => {
    const s = routingSetup('q');
    declareExchange(s.h, 'x', 'fanout', { arguments: { 'alternate-exchange': 'amq.fanout' } });
    bindQueue(s.h, 'q', 'x', '');
    const v = s.h.broker.vhost('/')!;
    const before = JSON.stringify([s.h.broker.counters.snapshot(), v.exchanges.get('x')!.counters.snapshot(), [...v.bindings.values()].map((b) => b.routed)]);
    for (let i = 0; i < 3; i++) explain(s, 'x', 'k');
    expect(JSON.stringify([s.h.broker.counters.snapshot(), v.exchanges.get('x')!.counters.snapshot(), [...v.bindings.values()].map((b) => b.routed)])).toBe(before);
    expect(queueOf(s.h, 'q').messageCount).toBe(0);
  });
});
