import { afterEach, describe, expect, test } from 'vitest';
import type { Command } from '../../engine/core/commands.ts';
import type { MessageStore, QueueKey, RecoveredMessage, StoredMessage } from '../../engine/store/store.ts';

/** A place a store lives (a directory, a shared memory object): open it again to "restart". */
export interface StorePlace {
  open(): MessageStore;
  dispose(): void;
}

/**
 * The contract every `MessageStore` passes (aedes-style: one abstract suite,
 * run by each implementation's test file).
 */
export function storeContract(name: string, createPlace: () => StorePlace): void {
  describe(`${name} store contract`, () => {
    const places: StorePlace[] = [];
    const open: MessageStore[] = [];
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close();
      for (const p of places.splice(0)) p.dispose();
    });
    const place = (): StorePlace => {
      const p = createPlace();
      places.push(p);
      return p;
    };
    /** Open and run both recovery phases; returns the store and what it recovered. */
    const start = async (p: StorePlace) => {
      const store = p.open();
      open.push(store);
      const topology = await store.loadTopology();
      const messages: RecoveredMessage[] = [];
      const rec = await store.loadMessages((m) => messages.push(m));
      return { store, topology, messages, rec };
    };
    const restart = async (p: StorePlace, s: MessageStore) => {
      await s.close();
      open.splice(open.indexOf(s), 1);
      return start(p);
    };

    test('a new store is fresh and empty', async () => {
      const { topology, messages, rec } = await start(place());
      expect(topology).toEqual({ fresh: true, commands: [], dropped: [] });
      expect(messages).toEqual([]);
      expect(rec.dropped).toEqual([]);
    });

    test('logged commands come back in order after a restart', async () => {
      const p = place();
      const { store } = await start(p);
      for (const c of COMMANDS) store.logCommand(c);
      expect(store.commandsSinceSnapshot).toBe(COMMANDS.length);
      const again = await restart(p, store);
      expect(again.topology.fresh).toBe(false);
      expect(again.topology.commands).toEqual(COMMANDS);
    });

    test('a snapshot replaces the commands before it; later commands follow it', async () => {
      const p = place();
      const { store } = await start(p);
      store.logCommand(COMMANDS[0]!);
      store.logCommand({ type: 'vhost.add', name: 'gone' });
      store.snapshot([COMMANDS[0]!, COMMANDS[1]!]);
      expect(store.commandsSinceSnapshot).toBe(0);
      store.logCommand(COMMANDS[2]!);
      const again = await restart(p, store);
      expect(again.topology.commands).toEqual([COMMANDS[0], COMMANDS[1], COMMANDS[2]]);
    });

    test('messages come back with every field intact', async () => {
      const p = place();
      const { store } = await start(p);
      const m = message(1, { properties: RICH_PROPERTIES, expiresAt: 1_700_000_123_456, priority: 7, exchange: 'ëx', routingKey: 'ключ.#' });
      store.add(Q1, m);
      const again = await restart(p, store);
      expect(again.messages).toHaveLength(1);
      const got = again.messages[0]!;
      expect(plain(got)).toEqual(plain(m));
      expect(got.queue).toEqual(Q1);
      expect(got.delivered).toBe(false);
      expect(got.deliveryCount).toBe(0);
    });

    test('reopen() after close opens the same data, as the next start of the node does', async () => {
      const { store } = await start(place());
      store.logCommand(COMMANDS[0]!);
      const ref = store.add(Q1, message(1));
      store.delivered(ref, 1);
      store.add(Q2, message(2));
      await store.close();
      open.splice(open.indexOf(store), 1);
      const again = store.reopen();
      open.push(again);
      expect((await again.loadTopology()).commands).toEqual([COMMANDS[0]]);
      const messages: RecoveredMessage[] = [];
      await again.loadMessages((m) => messages.push(m));
      expect(messages.map((m) => [m.queue.name, m.delivered])).toEqual([['orders', true], ['audit', false]]);
    });

    test('an empty body and a 1 MB body round-trip', async () => {
      const p = place();
      const { store } = await start(p);
      const big = new Uint8Array(1 << 20).map((_, i) => (i * 31) & 0xff);
      store.add(Q1, message(1, { body: new Uint8Array(0) }));
      store.add(Q1, message(2, { body: big }));
      const again = await restart(p, store);
      expect(again.messages.map((m) => m.body.length)).toEqual([0, 1 << 20]);
      expect(Buffer.from(again.messages[1]!.body).equals(Buffer.from(big))).toBe(true);
    });

    test('messages come back in queue order, queue by queue', async () => {
      const p = place();
      const { store } = await start(p);
      for (let i = 0; i < 300; i++) store.add([Q1, Q2, Q3][i % 3]!, message(i));
      const again = await restart(p, store);
      for (const q of [Q1, Q2, Q3]) {
        const ids = again.messages.filter((m) => m.queue.name === q.name).map(idOf);
        expect(ids).toHaveLength(100);
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
      }
    });

    test('removed messages do not come back', async () => {
      const p = place();
      const { store } = await start(p);
      const refs = Array.from({ length: 10 }, (_, i) => store.add(Q1, message(i)));
      for (const i of [0, 3, 4, 9]) store.remove(refs[i]!);
      const again = await restart(p, store);
      expect(again.messages.map(idOf)).toEqual([1, 2, 5, 6, 7, 8]);
    });

    test('delivered messages come back flagged, with their delivery count', async () => {
      const p = place();
      const { store } = await start(p);
      const refs = Array.from({ length: 4 }, (_, i) => store.add(Q1, message(i)));
      store.delivered(refs[1]!, 0);
      store.delivered(refs[2]!, 0);
      store.delivered(refs[2]!, 3);
      const again = await restart(p, store);
      expect(again.messages.map((m) => [idOf(m), m.delivered, m.deliveryCount])).toEqual([
        [0, false, 0],
        [1, true, 0],
        [2, true, 3],
        [3, false, 0],
      ]);
    });

    test('afterSync runs each callback once, in order, after the writes before it', async () => {
      const p = place();
      const { store } = await start(p);
      const order: number[] = [];
      store.add(Q1, message(1));
      store.afterSync(() => order.push(1));
      store.add(Q1, message(2));
      store.afterSync(() => order.push(2));
      store.afterSync(() => order.push(3));
      expect(order).toEqual([]);
      await syncOf(store);
      expect(order).toEqual([1, 2, 3]);
    });

    test('afterSync with nothing written still runs', async () => {
      const { store } = await start(place());
      let ran = 0;
      await new Promise<void>((resolve) => store.afterSync(() => resolve(void ran++)));
      expect(ran).toBe(1);
    });

    test('close runs pending callbacks and keeps what was added just before', async () => {
      const p = place();
      const { store } = await start(p);
      let confirmed = false;
      store.add(Q1, message(1));
      store.afterSync(() => (confirmed = true));
      const again = await restart(p, store);
      expect(confirmed).toBe(true);
      expect(again.messages.map(idOf)).toEqual([1]);
    });

    test('recovered messages keep their place ahead of newer ones, and removals of them last', async () => {
      const p = place();
      const first = await start(p);
      for (let i = 0; i < 5; i++) first.store.add(Q1, message(i));
      const second = await restart(p, first.store);
      second.store.remove(second.messages[0]!.ref);
      second.store.delivered(second.messages[1]!.ref, 1);
      for (let i = 5; i < 8; i++) second.store.add(Q1, message(i));
      const third = await restart(p, second.store);
      expect(third.messages.map((m) => [idOf(m), m.delivered])).toEqual([
        [1, true],
        [2, false],
        [3, false],
        [4, false],
        [5, false],
        [6, false],
        [7, false],
      ]);
    });

    test('unknown handles are ignored by remove and delivered', async () => {
      const p = place();
      const { store } = await start(p);
      store.add(Q1, message(1));
      store.remove(987_654_321_000);
      store.delivered(987_654_321_000, 2);
      const again = await restart(p, store);
      expect(again.messages.map(idOf)).toEqual([1]);
    });

    test('disk use stays bounded while messages flow through', async () => {
      const { store } = await start(place());
      const pinned = store.add(Q2, message(-1));
      for (let round = 0; round < 40; round++) {
        const refs = Array.from({ length: 500 }, (_, i) => store.add(Q1, message(round * 500 + i, { body: new Uint8Array(200) })));
        for (const r of refs) store.remove(r);
        await syncOf(store);
      }
      await syncOf(store);
      const s = store.stats();
      expect(s.liveMessages).toBe(1);
      // The pinned message's segment and the active one; nothing of the 20,000 settled.
      expect(s.segments).toBeLessThanOrEqual(2);
      store.remove(pinned);
      await syncOf(store);
      expect(store.stats().liveMessages).toBe(0);
      expect(store.stats().segments).toBeLessThanOrEqual(1);
    });

    test('writes after close are refused', async () => {
      const { store } = await start(place());
      await store.close();
      open.splice(open.indexOf(store), 1);
      expect(() => store.add(Q1, message(1))).toThrow(/closed/);
      expect(() => store.logCommand(COMMANDS[0]!)).toThrow(/closed/);
    });
  });
}

const Q1: QueueKey = { vhost: '/', name: 'orders' };
const Q2: QueueKey = { vhost: '/', name: 'audit' };
const Q3: QueueKey = { vhost: 'ünïcode', name: 'q3' };

const COMMANDS: Command[] = [
  { type: 'vhost.add', name: 'prod', description: 'production', defaultQueueType: 'quorum', tags: ['a'] },
  { type: 'user.add', name: 'alice', passwordHash: 'abc=', hashingAlgorithm: 'rabbit_password_hashing_sha256', tags: ['administrator'] },
  { type: 'permission.set', user: 'alice', vhost: 'prod', configure: '^q\\.', write: '.*', read: '' },
  {
    type: 'queue.declare', vhost: 'prod', name: 'q.1', durable: true, exclusive: false, autoDelete: false,
    arguments: { 'x-max-priority': 5, 'x-message-ttl': { $type: 'int64', value: 60000n }, 'x-dead-letter-exchange': 'dlx' },
  },
  {
    type: 'binding.add', vhost: 'prod', source: 'amq.headers', destination: 'q.1', destinationType: 'queue', routingKey: '',
    arguments: { 'x-match': 'any', flag: null, raw: new Uint8Array([1, 2, 3]), list: [1, 'two', [3]] },
  },
  { type: 'exchange.delete', vhost: 'prod', name: 'x' },
];

const RICH_PROPERTIES = {
  contentType: 'application/json',
  contentEncoding: 'gzip',
  headers: {
    s: 'text ✓',
    n: 42,
    f: 1.5,
    big: 9_007_199_254_740_993n,
    t: { $type: 'timestamp' as const, value: 1_700_000_000 },
    d: { $type: 'decimal' as const, scale: 2, value: 12345 },
    bytes: new Uint8Array([0, 255, 7]),
    nested: { a: [true, false, null], b: { c: -1 } },
  },
  deliveryMode: 2,
  priority: 9,
  correlationId: 'c-1',
  replyTo: 'amq.rabbitmq.reply-to',
  expiration: '60000',
  messageId: 'm-1',
  timestamp: 1_700_000_000,
  type: 'order.created',
  userId: 'guest',
  appId: 'tests',
  clusterId: 'c',
};

function message(id: number, over: Partial<StoredMessage> = {}): StoredMessage {
  return {
    exchange: 'x',
    routingKey: 'k',
    properties: { deliveryMode: 2, messageId: String(id) },
    body: new TextEncoder().encode(`body ${id}`),
    publishedAt: 1_700_000_000_000 + id,
    expiresAt: -1,
    priority: 0,
    ...over,
  };
}

function idOf(m: RecoveredMessage): number {
  return Number(m.properties.messageId);
}

/** The stored fields only, bodies as arrays (so toEqual compares bytes, not views). */
function plain(m: StoredMessage): unknown {
  const { exchange, routingKey, properties, body, publishedAt, expiresAt, priority } = m;
  return { exchange, routingKey, properties, body: [...body], publishedAt, expiresAt, priority };
}

function syncOf(store: MessageStore): Promise<void> {
  return new Promise((resolve) => store.afterSync(resolve));
}
