import type { RunReport } from './report.ts';
import { esc, lineChart } from './svg-chart.ts';

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:780px;color:#1d2330}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}p.d{color:#555;margin:0 0 12px}
table{border-collapse:collapse;margin:6px 0;display:block;overflow-x:auto;font-size:13px}td,th{border-bottom:1px solid #e2e5ea;padding:4px 8px;text-align:left}
th{font-weight:600;background:#f5f6f8}td.n{text-align:right;font-variant-numeric:tabular-nums}
.pass{color:#137333;font-weight:600}.fail{color:#c5221f;font-weight:600}
svg{display:block;margin:8px 0}svg .t{font:600 13px system-ui}svg .a{font:11px system-ui;fill:#555}svg .g{stroke:#e2e5ea}`;

function table(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c) => (typeof c === 'number' ? `<td class="n">${c}</td>` : `<td>${c}</td>`)).join('')}</tr>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}

const verdict = (ok: boolean): string => (ok ? '<span class="pass">PASS</span>' : '<span class="fail">FAIL</span>');

/**
 * A report as one standalone HTML page: summary, assertions, charts as
 * inline SVG (rates, depth, latency), clients, queues and the timeline.
 * Nothing is loaded from elsewhere, so the file can be mailed or archived.
 */
export function reportHtml(r: RunReport): string {
  const s = r.summary;
  const xs = r.seconds.map((l) => l.time / 1000);
  const charts = [
    lineChart({ title: 'Message rates', unit: 'msg/s', xs, series: [{ name: 'sent', values: r.seconds.map((l) => l.sent), color: '#1a73e8' }, { name: 'received', values: r.seconds.map((l) => l.received), color: '#e8710a' }] }),
    lineChart({ title: 'Queued messages', unit: 'messages', xs, series: [{ name: 'ready', values: r.seconds.map((l) => l.ready), color: '#188038' }, { name: 'unacked', values: r.seconds.map((l) => l.unacked), color: '#a142f4' }] }),
    lineChart({
      title: 'Consumer latency',
      unit: 'ms',
      xs,
      series: [
        { name: 'p50', values: r.seconds.map((l) => l.consume.p50), color: '#1a73e8' },
        { name: 'p99', values: r.seconds.map((l) => l.consume.p99), color: '#d93025' },
        { name: 'max', values: r.seconds.map((l) => l.consume.max), color: '#9aa0a6' },
      ],
    }),
  ];
  if (s.confirmLatency.count > 0) {
    charts.push(lineChart({ title: 'Confirm latency', unit: 'ms', xs, series: [{ name: 'p50', values: r.seconds.map((l) => l.confirm.p50), color: '#1a73e8' }, { name: 'p99', values: r.seconds.map((l) => l.confirm.p99), color: '#d93025' }] }));
  }
  const lat = (name: string, l: typeof s.consumeLatency): (string | number)[] => [name, l.count, l.min, l.p50, l.p75, l.p95, l.p99, l.max];
  const body = [
    `<h1>${esc(r.scenario.name)} ${verdict(r.outcome.passed)}</h1>`,
    `<p class="d">${esc(r.scenario.description)}</p>`,
    `<p>Seed ${r.scenario.seed}; ${r.outcome.simulatedMs / 1000} s simulated (ended by ${esc(r.outcome.endedBy)}).</p>`,
    '<h2>Assertions</h2>',
    r.assertions.length === 0 ? '<p>None.</p>' : table(['', 'assertion', 'actual', 'detail'], r.assertions.map((a) => [verdict(a.passed), esc(a.label), a.actual ?? 'n/a', esc(a.detail ?? a.description ?? '')])),
    '<h2>Summary</h2>',
    table(['published', 'confirmed', 'nacked', 'returned', 'delivered', 'acked', 'redelivered', 'dead-lettered', 'expired', 'lost'], [[s.published, s.confirmed, s.publisherNacked, s.returned, s.delivered, s.acked, s.redelivered, s.deadLettered, s.expired, s.lost ?? 'n/a']]),
    table(['latency (ms)', 'count', 'min', 'p50', 'p75', 'p95', 'p99', 'max'], [lat('consumer', s.consumeLatency), lat('confirm', s.confirmLatency), lat('rpc', s.rpcLatency)].filter((row) => (row[1] as number) > 0)),
    table(['ordering', 'received', 'out of order', 'gaps', 'duplicates', 'redeliveries'], [
      ['by producer', s.ordering.byProducer.received, s.ordering.byProducer.outOfOrder, s.ordering.byProducer.gaps, s.ordering.byProducer.duplicates, s.ordering.byProducer.redeliveries],
      ['by routing key', s.ordering.byRoutingKey.received, s.ordering.byRoutingKey.outOfOrder, s.ordering.byRoutingKey.gaps, s.ordering.byRoutingKey.duplicates, s.ordering.byRoutingKey.redeliveries],
    ]),
    '<h2>Charts</h2>',
    ...charts,
    '<h2>Clients</h2>',
    table(['id', 'kind', 'instances', 'published', 'confirmed', 'received', 'acked', 'handled', 'crashes', 'timeouts', 'lost'], r.clients.map((c) => [esc(c.id), c.kind, c.instances, c.published, c.confirmed, c.received, c.acked, c.processed.join(' / '), c.crashes, c.timeouts, c.lost ?? ''])),
    '<h2>Queues</h2>',
    table(['vhost', 'queue', 'published', 'delivered', 'acked', 'dead-lettered', 'expired', 'ready', 'unacked'], r.queues.map((q) => [esc(q.vhost), esc(q.name) + (q.removedAt === undefined ? '' : ` (gone at ${q.removedAt / 1000} s)`), q.published, q.delivered, q.acked, q.deadLettered, q.expired, q.depth.ready, q.depth.unacked])),
  ];
  if (r.timeline.length > 0) {
    const result = (t: RunReport['timeline'][number]): string => (t.ok ? 'ok' : esc(t.error ?? 'failed')) + (t.detail === undefined ? '' : `: ${esc(t.detail)}`);
    body.push('<h2>Timeline</h2>', table(['at (s)', 'action', 'result'], r.timeline.map((t) => [t.at / 1000, esc(t.action), result(t)])));
  }
  const restarts = r.loss.filter((l) => l.restart !== undefined);
  if (restarts.length > 0) {
    body.push(
      '<h2>Lost in broker restarts</h2>',
      '<p class="d">Held when the broker stopped and not given back by its store: transient messages, messages in queues that did not come back, auto-ack deliveries in a consumer\'s buffer. Publishes not confirmed were in doubt (they may have arrived).</p>',
      table(
        ['producer', 'transient', 'queue gone', 'client buffer', 'other', 'not confirmed', 'republished'],
        restarts.map((l) => {
          const x = l.restart!;
          return [esc(l.producer), x.transient, x.queueGone, x.clientBuffer, x.other, x.notConfirmed, x.republished];
        }),
      ),
    );
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(r.scenario.name)} — Brokerlab run report</title><style>${STYLE}</style></head><body>${body.join('\n')}</body></html>\n`;
}
