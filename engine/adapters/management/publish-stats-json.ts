import type { Broker } from '../../core/broker.ts';
import type { Channel } from '../../core/channel.ts';
import type { Connection } from '../../core/connection.ts';
import type { Exchange } from '../../core/exchange.ts';
import type { ExchangePublishStats } from '../../core/publish-stats.ts';
import { channelDetails, channelJson } from './connection-json.ts';
import { exchangeJson, withDetails } from './rabbit-json.ts';
import type { Json } from './rabbit-json.ts';
import type { RateSampler } from './rate-sampler.ts';

/**
 * RabbitMQ's fine-grained channel/exchange stats (management `rates_mode`
 * `detailed`): a channel's `publishes` (per exchange it published to) and an
 * exchange's `incoming` (per channel that published to it). RabbitMQ shows
 * them only on the single channel and single exchange objects; so do we.
 */
function publishStats(s: ExchangePublishStats): Record<string, number> {
  return { publish: s.published, confirm: s.confirmed, return_unroutable: s.unroutableReturned, drop_unroutable: s.unroutableDropped };
}

function statsWithRates(c: Connection, ch: Channel, s: ExchangePublishStats, rates: RateSampler): Json {
  const counts = publishStats(s);
  return withDetails(counts, rates.rates(`chx:${c.id}:${ch.id}:${s.exchange}`, counts));
}

/** `GET /api/channels/{name}`: the channel with its `publishes` list. */
export function channelDetailJson(c: Connection, ch: Channel, rates: RateSampler): Json {
  const vhost = c.vhost.name;
  const publishes = [...ch.publishes.values()].map((s) => ({ exchange: { name: s.exchange, vhost }, stats: statsWithRates(c, ch, s, rates) }));
  return { ...channelJson(c, ch, rates), publishes };
}

/** `GET /api/exchanges/{vhost}/{name}`: the exchange with its `incoming` list (one entry per publishing channel). */
export function exchangeDetailJson(broker: Broker, x: Exchange, rates: RateSampler): Json {
  const incoming: Json[] = [];
  for (const c of broker.connections.values()) {
    if (c.kind === 'internal' || c.vhost.name !== x.vhost) continue;
    for (const ch of c.channels.values()) {
      const s = ch.publishes.get(x.name);
      if (!s) continue;
      incoming.push({ channel_details: channelDetails(ch), stats: statsWithRates(c, ch, s, rates) });
    }
  }
  // `outgoing`: what the exchange routed to each queue, from the counters on its bindings.
  const toQueue = new Map<string, number>();
  for (const b of x.bindings.values()) if (b.destinationType === 'queue') toQueue.set(b.destination, (toQueue.get(b.destination) ?? 0) + b.routed);
  const outgoing = [...toQueue].map(([name, publish]) => ({
    queue: { name, vhost: x.vhost },
    stats: withDetails({ publish }, rates.rates(`xq:${x.vhost}:${x.name}:${name}`, { publish })),
  }));
  return { ...exchangeJson(x, rates), incoming, outgoing };
}
