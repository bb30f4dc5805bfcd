import { describe, expect, test } from 'vitest';
import { traceRoute } from '../../renderer/src/model/route-trace.ts';
import type { TopologyModel } from '../../renderer/src/model/topology-model.ts';

const x = (name: string, type: string, args = {}) => ({ name, type, durable: true, autoDelete: false, internal: false, arguments: args, builtIn: false });
const q = (name: string) => ({ name, durable: true, autoDelete: false, exclusive: false, arguments: {} });
const b = (source: string, destination: string, routingKey: string, args = {}, destinationType: 'queue' | 'exchange' = 'queue') => ({ source, destination, destinationType, routingKey, arguments: args });

const model: TopologyModel = {
  vhost: '/',
  exchanges: [x('orders', 'topic', { 'alternate-exchange': 'unrouted' }), x('unrouted', 'fanout'), x('docs', 'headers'), x('audit', 'fanout')],
  queues: [q('eu'), q('us'), q('lost'), q('pdf'), q('audit-log')],
  bindings: [
    b('orders', 'eu', 'orders.*.eu'),
    b('orders', 'us', 'orders.*.us'),
    b('orders', 'audit', '#', {}, 'exchange'),
    b('audit', 'audit-log', ''),
    b('unrouted', 'lost', ''),
    b('docs', 'pdf', '', { 'x-match': 'all', format: 'pdf' }),
  ],
};

describe('traceRoute', () => {
  test('names the binding that matched and follows exchange-to-exchange bindings', () => {
    const t = traceRoute(model, 'orders', 'orders.new.eu', undefined);
    expect(t.outcome).toBe('routed');
    expect(t.queues.sort()).toEqual(['audit-log', 'eu']);
    expect(t.steps.map((s) => s.text)).toContain("'orders' matched binding 'orders.*.eu' → queue 'eu'.");
  });

  test('takes the alternate exchange only when no binding matched', () => {
    const t = traceRoute({ ...model, bindings: model.bindings.filter((x) => x.destination !== 'audit') }, 'orders', 'orders.new.asia', undefined);
    expect(t.queues).toEqual(['lost']);
    expect(t.steps.some((s) => s.kind === 'alternate')).toBe(true);
    expect(t.edgeIds).toContain('ae:orders');
  });

  test('matches a headers exchange on the message headers', () => {
    expect(traceRoute(model, 'docs', '', { format: 'pdf' }).queues).toEqual(['pdf']);
    expect(traceRoute(model, 'docs', '', { format: 'doc' }).outcome).toBe('returned');
  });

  test('explains the default exchange and an unroutable mandatory message', () => {
    expect(traceRoute(model, '', 'eu', undefined).queues).toEqual(['eu']);
    const t = traceRoute(model, '', 'nope', undefined);
    expect(t.outcome).toBe('returned');
    expect(t.summary).toContain('312 NO_ROUTE');
  });

  test('refuses a missing exchange with a 404, as the broker does', () => {
    expect(traceRoute(model, 'ghost', 'x', undefined).summary).toBe("Refused: 404 NOT_FOUND - no exchange 'ghost' in vhost '/'");
  });
});
