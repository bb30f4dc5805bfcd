import { headline } from '../../model/node-stats.ts';
import type { NodeStats } from '../../model/node-stats.ts';
import { compact, duration, rate } from '../../util/format.ts';

/**
 * What each node's badge shows, as display text. The nodes read these with
 * `useLiveStats`: the text is written into the DOM as it changes, and a
 * node re-renders only when a `null` or boolean field (which stats are
 * drawn) changes.
 */
export function queueBadge(st: NodeStats | undefined) {
  const h = st ? headline(st.rates) : undefined;
  const ready = st?.ready ?? 0;
  const unacked = st?.unacked ?? 0;
  const total = ready + unacked;
  return {
    ready: compact(ready),
    unacked: compact(unacked),
    consumers: st?.consumers ?? 0,
    oneConsumer: st?.consumers === 1,
    in: rate(h?.published),
    out: rate(h?.delivered),
    redelivered: h && h.redelivered > 0 ? rate(h.redelivered) : null,
    dead: h && h.deadLettered > 0 ? rate(h.deadLettered) : null,
    /** Whether the depth bar shows (the queue holds messages). */
    depth: total > 0,
    /** Ready share of the depth bar, in whole percent, as a CSS width. */
    readyPct: `${total > 0 ? Math.round((ready / total) * 100) : 0}%`,
  };
}

export function exchangeBadge(st: NodeStats | undefined) {
  const r = st?.rates;
  const unroutable = (r?.dropUnroutable ?? 0) + (r?.returnUnroutable ?? 0);
  return { in: rate(r?.publishIn), out: rate(r?.publishOut), unroutable: unroutable > 0 ? rate(unroutable) : null };
}

export function producerBadge(st: NodeStats | undefined) {
  const r = st?.rates;
  const errors = (r?.returnUnroutable ?? 0) + (r?.publisherNack ?? 0);
  return {
    sent: rate(r?.publish),
    confirmed: (r?.confirm ?? 0) > 0 ? rate(r?.confirm) : null,
    errors: errors > 0 ? rate(errors) : null,
    status: st?.state?.status ?? null,
    blocked: st?.state?.status === 'blocked',
  };
}

export function consumerBadge(st: NodeStats | undefined) {
  const h = st ? headline(st.rates) : undefined;
  const r = st?.rates;
  const failures = (r?.consumerNack ?? 0) + (r?.consumerReject ?? 0);
  const crashes = st?.state ? st.state.crashes + st.state.timeouts : 0;
  return {
    recv: rate(h?.delivered),
    ack: rate(h?.acked),
    redelivered: h && h.redelivered > 0 ? rate(h.redelivered) : null,
    failures: failures > 0 ? rate(failures) : null,
    crashes: crashes > 0 ? compact(crashes) : null,
    p99: st?.latency ? duration(st.latency.p99) : null,
  };
}

/** A real client: what its connection published and had delivered (deliver + get), acked, redelivered, refused. */
export function clientBadge(st: NodeStats | undefined) {
  const h = st ? headline(st.rates) : undefined;
  const r = st?.rates;
  const failures = (r?.consumerNack ?? 0) + (r?.consumerReject ?? 0);
  return {
    published: rate(h?.published),
    confirmed: (r?.confirm ?? 0) > 0 ? rate(r?.confirm) : null,
    received: rate(h?.delivered),
    acked: rate(h?.acked),
    redelivered: h && h.redelivered > 0 ? rate(h.redelivered) : null,
    failures: failures > 0 ? rate(failures) : null,
    returned: h && h.returned > 0 ? rate(h.returned) : null,
  };
}

/** A rate rounded to two significant figures: edges redraw only when their flow visibly changes. */
export function roughRate(n: number): number {
  if (n <= 0) return 0;
  const p = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / p) * p;
}
