/**
 * Route explain: where a message published to an exchange would go, and why.
 *
 * The walk is real routing's: the vhost's own routing pass (`routePass`, CC
 * and BCC keys included) runs under a `RouteObserver`, so every exchange,
 * matched binding and alternate-exchange fallback reported here is one the
 * router took, decided by the same exchange routers. Nothing is counted or
 * enqueued. Bindings that did not match are then described (why not), and
 * each queue reached says what it would do with the message.
 */
import type { Broker } from './broker.ts';
import { isReplyToName } from './direct-reply-to.ts';
import type { EnqueueForecast } from './enqueue-forecast.ts';
import { enqueueForecast } from './enqueue-forecast.ts';
import { accessRefused, notFound, vh } from './errors.ts';
import type { BoundBinding, Exchange } from './exchange.ts';
import { bindingReason } from './exchanges/binding-reason.ts';
import type { BasicProperties } from './message.ts';
import type { Queue } from './queue.ts';
import type { RouteObserver } from './router.ts';
import type { VirtualHost } from './vhost.ts';
import { ccKeys } from './vhost.ts';

/** What to explain: a publish as basic.publish would make it. */
export interface ExplainInput {
  exchange: string;
  routingKey: string;
  properties: BasicProperties;
  /** Body size in bytes (for x-max-length-bytes). */
  bodySize: number;
  mandatory: boolean;
}

/** One binding of an exchange on the path, matched or not, and why. */
export interface BindingVerdict {
  binding: BoundBinding;
  matched: boolean;
  reason: string;
  /** A matched binding whose destination this pass had already reached (one copy per queue, each exchange walked once). */
  alreadyReached: boolean;
}

/** How the walk reached an exchange. */
export type HopVia = { kind: 'publish' } | { kind: 'binding'; from: string; binding: BoundBinding } | { kind: 'alternate'; from: string };

/** One exchange the walk visited (once per message, with all of its keys). */
export interface ExplainHop {
  exchange: Exchange;
  /** The message's routing key. */
  routingKey: string;
  /** Every key the exchange routed: the routing key, then CC and BCC keys. */
  keys: string[];
  via: HopVia;
  /** Matched bindings in the router's order, then unmatched ones (at most `UNMATCHED_SHOWN`). */
  bindings: BindingVerdict[];
  /** Unmatched bindings left out of `bindings`. */
  omitted: number;
  /** The default exchange: the queue named by each key. */
  defaultQueues?: { name: string; exists: boolean }[];
  /** No binding matched: what became of the alternate exchange. */
  alternate?: { name: string; status: 'followed' | 'missing' | 'already-walked' };
  /** How the message arrived, in words. */
  text: string;
  /** Why nothing matched here, in words (absent when something did). */
  unmatchedText?: string;
}

export type ExplainOutcome = 'routed' | 'rejected' | 'returned' | 'dropped' | 'refused';

export interface QueueOutcome extends EnqueueForecast {
  queue: string;
}

/** The whole answer. */
export interface RouteExplanation {
  vhost: string;
  exchange: string;
  routingKey: string;
  /** The routing key, then CC and BCC keys. */
  keys: string[];
  mandatory: boolean;
  outcome: ExplainOutcome;
  /** An alternate exchange was walked. */
  usedAlternate: boolean;
  /** Why basic.publish would fail (404, 403 internal exchange). */
  refused?: { replyCode: number; text: string };
  hops: ExplainHop[];
  queues: QueueOutcome[];
  summary: string;
}

/** Unmatched bindings described per exchange; a big fanout of patterns lists the first ones. */
export const UNMATCHED_SHOWN = 25;

/** Explain a publish to `input.exchange` in vhost `v`. Permissions are the caller's to check. */
export function explainRoute(broker: Broker, v: VirtualHost, input: ExplainInput): RouteExplanation {
  const { exchange, routingKey, properties: props, mandatory } = input;
  const headers = props.headers;
  const keys = [routingKey, ...(headers === undefined ? [] : ccKeys(headers))];
  const base = { vhost: v.name, exchange, routingKey, keys, mandatory, usedAlternate: false, hops: [] as ExplainHop[], queues: [] as QueueOutcome[] };
  const x = v.exchanges.get(exchange);
  if (!x) return refused(base, notFound('exchange', exchange, v.name));
  if (x.internal) return refused(base, accessRefused(`cannot publish to internal exchange '${exchange}' in ${vh(v.name)}`));
  if (x.isDefault && isReplyToName(routingKey)) return replyTo(broker, base, x);

  const hops = base.hops;
  const matchedIn = new Map<ExplainHop, Set<BoundBinding>>();
  const pending = new Map<Exchange, HopVia>();
  let current: ExplainHop | undefined;
  const observer: RouteObserver = {
    enter(ex) {
      const via: HopVia = pending.get(ex) ?? { kind: 'publish' };
      pending.delete(ex);
      current = { exchange: ex, routingKey, keys, via, bindings: [], omitted: 0, text: arrival(ex, keys, via) };
      hops.push(current);
      matchedIn.set(current, new Set());
    },
    defaultQueue(_ex, name, q) {
      (current!.defaultQueues ??= []).push({ name, exists: q !== undefined });
    },
    matched(ex, b, key, fresh) {
      const seen = matchedIn.get(current!)!;
      // A binding matching several keys is one verdict (one copy per destination).
      if (seen.has(b)) return;
      seen.add(b);
      current!.bindings.push({ binding: b, matched: true, reason: bindingReason(ex.type, b, key, headers, true), alreadyReached: !fresh });
      if (fresh && b.destinationType === 'exchange') pending.set(b.target as Exchange, { kind: 'binding', from: ex.name, binding: b });
    },
    unmatched(ex, name, ae, fresh) {
      const h = current!;
      if (name !== undefined) h.alternate = { name, status: ae === undefined ? 'missing' : fresh ? 'followed' : 'already-walked' };
      if (fresh && ae) pending.set(ae, { kind: 'alternate', from: ex.name });
      h.unmatchedText = unmatchedText(h);
    },
  };
  v.router.observe(observer, () => v.routePass(x, routingKey, headers, true));
  const reached = v.router.routedQueues();
  for (const h of hops) describeUnmatched(h, matchedIn.get(h)!, headers);
  const queues = reached.map((q) => ({ queue: q.name, ...enqueueForecast(q, props, input.bodySize) }));
  const usedAlternate = hops.some((h) => h.via.kind === 'alternate');
  return finish({ ...base, usedAlternate, queues }, reached);
}

type Base = Omit<RouteExplanation, 'outcome' | 'summary'>;

function refused(base: Base, e: { code: number; replyText: string }): RouteExplanation {
  return { ...base, outcome: 'refused', refused: { replyCode: e.code, text: e.replyText }, summary: `Refused: ${e.code} ${e.replyText}` };
}

/** Direct reply-to: the default exchange hands the reply to the waiting channel, no queue in between. */
function replyTo(broker: Broker, base: Base, x: Exchange): RouteExplanation {
  const ok = broker.replyTo.has(base.routingKey);
  const hop: ExplainHop = {
    exchange: x,
    routingKey: base.routingKey,
    keys: [base.routingKey],
    via: { kind: 'publish' },
    bindings: [],
    omitted: 0,
    text: `Published to the default exchange with direct reply-to key '${base.routingKey}'.`,
    ...(!ok && { unmatchedText: 'No channel is consuming from amq.rabbitmq.reply-to under that name.' }),
  };
  const summary = ok ? 'Delivered straight to the direct reply-to consumer (no queue).' : unroutableSummary(base.mandatory, 'no reply-to consumer has that name');
  return { ...base, hops: [hop], outcome: ok ? 'routed' : base.mandatory ? 'returned' : 'dropped', summary };
}

function arrival(x: Exchange, keys: readonly string[], via: HopVia): string {
  const what = x.isDefault ? 'the default exchange' : `${x.type} exchange '${x.name}'${x.internal ? ' (internal)' : ''}`;
  switch (via.kind) {
    case 'publish':
      return `Published to ${what} with routing key '${keys[0]}'${keys.length > 1 ? ` and CC/BCC keys ${quoteList(keys.slice(1))}` : ''}.`;
    case 'binding':
      return `Reached ${what} through a binding of '${via.from}'.`;
    case 'alternate':
      return `Sent to ${what}, the alternate exchange of '${via.from}', which matched nothing.`;
  }
}

function unmatchedText(h: ExplainHop): string {
  const x = h.exchange;
  const none =
    x.type === 'fanout'
      ? `Fanout exchange '${x.name}' has no bindings`
      : x.type === 'headers'
        ? `No binding of headers exchange '${x.name}' matched the headers`
        : `No binding of ${x.type} exchange '${x.name}' matched ${h.keys.length > 1 ? `any of ${quoteList(h.keys)}` : `'${h.routingKey}'`}`;
  const ae = h.alternate;
  if (!ae) return `${none}, and it has no alternate exchange.`;
  if (ae.status === 'missing') return `${none}; its alternate exchange '${ae.name}' does not exist.`;
  if (ae.status === 'already-walked') return `${none}; its alternate exchange '${ae.name}' was already walked for this message.`;
  return `${none}: on to its alternate exchange '${ae.name}'.`;
}

/** Add the bindings that did not match, with why not (up to `UNMATCHED_SHOWN`). */
function describeUnmatched(h: ExplainHop, matched: ReadonlySet<BoundBinding>, headers: BasicProperties['headers']): void {
  const x = h.exchange;
  if (x.isDefault) {
    const ds = h.defaultQueues ?? [];
    if (!ds.some((d) => d.exists)) h.unmatchedText = `The default exchange routes to the queue named by the routing key, and there is no queue ${ds.map((d) => `'${d.name}'`).join(' or ')}.`;
    return;
  }
  for (const b of x.bindings.values()) {
    if (matched.has(b)) continue;
    if (h.bindings.length - matched.size >= UNMATCHED_SHOWN) {
      h.omitted++;
      continue;
    }
    h.bindings.push({ binding: b, matched: false, reason: unmatchedReason(x.type, b, h.keys, headers), alreadyReached: false });
  }
}

/** Why `b` matched none of the message's keys (the routing key's reason, naming the other keys too). */
function unmatchedReason(type: string, b: BoundBinding, keys: readonly string[], headers: BasicProperties['headers']): string {
  const first = bindingReason(type, b, keys[0]!, headers, false);
  if (keys.length === 1 || (type !== 'direct' && type !== 'topic')) return first;
  return `${first}, nor any CC/BCC key (${quoteList(keys.slice(1))})`;
}

function quoteList(keys: readonly string[]): string {
  return keys.map((k) => `'${k}'`).join(', ');
}

function unroutableSummary(mandatory: boolean, why: string): string {
  return mandatory ? `Unroutable (${why}): returned to the publisher with 312 NO_ROUTE (mandatory).` : `Unroutable (${why}): dropped (not mandatory).`;
}

function finish(base: Base, reached: readonly Queue[]): RouteExplanation {
  if (reached.length === 0) {
    const first = base.hops[0];
    const why = first?.exchange.isDefault && base.hops.length === 1 ? `there is no queue '${base.routingKey}'` : 'no binding matched on the whole path';
    return { ...base, outcome: base.mandatory ? 'returned' : 'dropped', summary: unroutableSummary(base.mandatory, why) };
  }
  const names = reached.map((q) => q.name).join(', ');
  const via = base.usedAlternate ? ` via alternate exchange '${base.hops.find((h) => h.via.kind === 'alternate')!.exchange.name}'` : '';
  const routed = `Routed to ${reached.length} queue${reached.length === 1 ? '' : 's'}${via}: ${names}`;
  const refusing = base.queues.filter((q) => q.result === 'rejected' || q.result === 'rejected-dlx');
  if (refusing.length === 0) return { ...base, outcome: 'routed', summary: routed };
  return { ...base, outcome: 'rejected', summary: `${routed}; refused by ${refusing.map((q) => `'${q.queue}'`).join(', ')} (full, x-overflow ${refusing[0]!.result === 'rejected' ? 'reject-publish' : 'reject-publish-dlx'})` };
}
