import { describe, expect, test } from 'vitest';
import { VirtualScheduler } from '../../engine/core/clock.ts';
import { SeededRandom } from '../../engine/core/random.ts';
import { hashPassword } from '../../engine/core/users.ts';
import { EngineHarness, declareQueue } from '../support/engine-harness.ts';
import { publish } from '../support/core-helpers.ts';

/** Server-generated names from a broker seeded with `seed` (undefined: the default). */
function generatedNames(seed: number | undefined): string[] {
  const h = new EngineHarness(seed === undefined ? {} : { random: new SeededRandom(seed) });
  const { ch } = h.channel();
  const out: string[] = [];
  for (let i = 0; i < 3; i++) out.push(declareQueue(ch, '', {}, { exclusive: true }));
  declareQueue(ch, 'q');
  out.push(ch.consume('q', '', false, false, {}));
  out.push(ch.consume('amq.rabbitmq.reply-to', '', true, false, {}), ch.replyTo ?? '');
  return out;
}

describe('determinism', () => {
  test('the same seed gives the same server-generated names', () => {
    expect(generatedNames(42)).toEqual(generatedNames(42));
  });

  test('another seed gives other names', () => {
    const a = generatedNames(42);
    const b = generatedNames(43);
    expect(a.every((n, i) => n !== b[i])).toBe(true);
  });

  test('the default seed is fixed, so two default brokers agree', () => {
    expect(generatedNames(undefined)).toEqual(generatedNames(1));
  });

  test('the names have RabbitMQ shapes', () => {
    const [q1, , , ctag, replyCtag, replyTo] = generatedNames(7);
    expect(q1).toMatch(/^amq\.gen-[\w-]{22}$/);
    expect(ctag).toMatch(/^amq\.ctag-[\w-]{22}$/);
    expect(replyCtag).toMatch(/^amq\.ctag-/);
    expect(replyTo).toMatch(/^amq\.rabbitmq\.reply-to\./);
  });

  test('password salts come from the seeded source', () => {
    expect(hashPassword('secret', new SeededRandom(5))).toBe(hashPassword('secret', new SeededRandom(5)));
    expect(hashPassword('secret', new SeededRandom(5))).not.toBe(hashPassword('secret', new SeededRandom(6)));
  });

  /** A run with TTLs, expiry, a consumer timeout and dead-lettering; returns everything observable. */
  function run(seed: number): unknown[] {
    const h = new EngineHarness({ random: new SeededRandom(seed), consumerTimeoutMs: 5000 });
    const log: unknown[] = [];
    h.broker.events.on('topology', (e) => log.push(['topology', e.cause, e.command]));
    const { ch, sink } = h.channel();
    declareQueue(ch, 'dlq');
    const tmp = declareQueue(ch, '', { 'x-expires': 3000 }, { exclusive: true });
    declareQueue(ch, 'work', { 'x-message-ttl': 1500, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' });
    const ctag = ch.consume('dlq', '', false, false, {});
    for (let i = 0; i < 5; i++) {
      publish(ch, '', 'work', `m${i}`, i % 2 ? { expiration: String(200 * i) } : {});
      h.clock.advance(400);
    }
    h.clock.advance(10_000);
    log.push(tmp, ctag, sink.deliveries.map((d) => [d.consumerTag, d.deliveryTag, d.body, d.redelivered, d.properties.headers]), sink.closes.map((e) => e.replyText));
    return log;
  }

  test('a whole run on virtual time replays identically', () => {
    const first = run(9);
    expect(first).toEqual(run(9));
    // The run did exercise expiry, dead-lettering, the consumer timeout and x-expires.
    const text = JSON.stringify(first, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    for (const seen of ['x-death', 'delivery acknowledgement', '"expired"']) expect(text).toContain(seen);
  });
});

describe('VirtualScheduler', () => {
  test('fires nothing until time is advanced, then fires due timers in time order', () => {
    const s = new VirtualScheduler(0);
    const fired: string[] = [];
    s.setTimeout(() => fired.push('b'), 20);
    s.setTimeout(() => fired.push('a'), 10);
    expect(fired).toEqual([]);
    s.advance(15);
    expect([fired, s.now()]).toEqual([['a'], 15]);
    s.advance(5);
    expect(fired).toEqual(['a', 'b']);
  });

  test('timers due at the same instant fire in the order they were set', () => {
    const s = new VirtualScheduler(0);
    const fired: number[] = [];
    for (let i = 0; i < 5; i++) s.setTimeout(() => fired.push(i), 10);
    s.advance(10);
    expect(fired).toEqual([0, 1, 2, 3, 4]);
  });

  test('a cancelled timer never fires, and a timer may schedule another within the advance', () => {
    const s = new VirtualScheduler(100);
    const fired: string[] = [];
    s.setTimeout(() => fired.push('cancelled'), 5).cancel();
    s.setTimeout(() => s.setTimeout(() => fired.push(`chained at ${s.now()}`), 5), 5);
    s.advance(10);
    expect(fired).toEqual(['chained at 110']);
  });
});
