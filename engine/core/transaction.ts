import type { Channel } from './channel.ts';
import type { Delivery } from './delivery.ts';
import { notFound } from './errors.ts';
import type { BasicProperties } from './message.ts';
import type { Publisher } from './publisher.ts';
import type { SettleKind } from './settlement.ts';
import { countReject, settleDeliveries } from './settlement.ts';

interface TxPublish {
  exchange: string;
  routingKey: string;
  mandatory: boolean;
  properties: BasicProperties;
  body: Uint8Array;
}

/** A settlement held until tx.commit; `nack` tells basic.nack from basic.reject for the counters. */
interface TxSettle {
  kind: SettleKind;
  nack: boolean;
  deliveries: Delivery[];
}

/**
 * A transactional channel's uncommitted work (tx.select): publishes and
 * settlements wait for tx.commit; tx.rollback drops the publishes and puts
 * the settled deliveries back as unacked.
 */
export class Transaction {
  private publishes: TxPublish[] = [];
  private settles: TxSettle[] = [];

  publish(p: TxPublish): void {
    this.publishes.push(p);
  }

  settle(kind: SettleKind, nack: boolean, deliveries: Delivery[]): void {
    this.settles.push({ kind, nack, deliveries });
  }

  /** tx.commit: route the publishes, then apply the settlements, in order. */
  commit(ch: Channel, publisher: Publisher): void {
    const { publishes, settles } = this;
    this.clear();
    const v = ch.connection.vhost;
    for (const p of publishes) {
      const x = v.exchanges.get(p.exchange);
      if (!x) throw notFound('exchange', p.exchange, v.name);
      publisher.route(x, p.routingKey, p.mandatory, p.properties, p.body, 0);
    }
    for (const s of settles) {
      if (s.kind !== 'ack') for (const d of s.deliveries) countReject(ch, d, s.nack);
      settleDeliveries(ch, s.deliveries, s.kind);
    }
  }

  /** tx.rollback: uncommitted settlements become unacked deliveries again, in tag order. */
  rollback(ch: Channel): void {
    const back = this.settles.flatMap((s) => s.deliveries);
    this.clear();
    const all = [...back, ...ch.unacked.takeUpTo(Infinity)].sort((a, b) => a.tag - b.tag);
    for (const d of all) ch.unacked.add(d);
  }

  clear(): void {
    this.publishes = [];
    this.settles = [];
  }
}
