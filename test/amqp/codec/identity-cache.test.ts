import { describe, expect, test } from 'vitest';
import { IdentityCache } from '../../../engine/amqp/codec/identity-cache.ts';

describe('IdentityCache', () => {
  test('finds values by object identity, not structure', () => {
    const cache = new IdentityCache<object, number>(4);
    const a = { k: 1 };
    cache.set(a, 1);
    expect(cache.get(a)).toBe(1);
    expect(cache.get({ k: 1 })).toBeUndefined();
  });

  test('drops the oldest entry once full', () => {
    const cache = new IdentityCache<object, number>(2);
    const [a, b, c] = [{}, {}, {}];
    cache.set(a, 1);
    cache.set(b, 2);
    cache.set(c, 3);
    expect([cache.get(a), cache.get(b), cache.get(c), cache.size]).toEqual([undefined, 2, 3, 2]);
  });

  test('replaces the value of a key already held without evicting another', () => {
    const cache = new IdentityCache<object, number>(2);
    const [a, b] = [{}, {}];
    cache.set(a, 1);
    cache.set(b, 2);
    cache.set(a, 3);
    expect([cache.get(a), cache.get(b)]).toEqual([3, 2]);
  });

  test('refuses a capacity below one', () => {
    expect(() => new IdentityCache(0)).toThrow(RangeError);
  });
});
