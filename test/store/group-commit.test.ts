import { describe, expect, test } from 'vitest';
import { GroupCommit } from '../../engine/store/group-commit.ts';

/** A flush whose completion the test controls, counting how many ran. */
function harness() {
  const finishers: (() => void)[] = [];
  const deferred: (() => void)[] = [];
  let flushes = 0;
  const g = new GroupCommit(
    () => {
      flushes++;
      return new Promise<void>((resolve) => finishers.push(resolve));
    },
    (fn) => deferred.push(fn),
  );
  const tick = async (): Promise<void> => {
    for (const fn of deferred.splice(0)) fn();
    await Promise.resolve();
  };
  const finish = async (): Promise<void> => {
    finishers.shift()!();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { g, tick, finish, flushes: () => flushes };
}

describe('group commit', () => {
  test('one flush covers every callback registered before it starts', async () => {
    const h = harness();
    const done: number[] = [];
    for (let i = 0; i < 50; i++) h.g.afterSync(() => done.push(i));
    await h.tick();
    expect(h.flushes()).toBe(1);
    expect(done).toEqual([]);
    await h.finish();
    expect(done).toHaveLength(50);
  });

  test('callbacks registered while a flush runs wait for the next one, which starts right after', async () => {
    const h = harness();
    const done: string[] = [];
    h.g.afterSync(() => done.push('a'));
    await h.tick();
    h.g.afterSync(() => done.push('b'));
    h.g.afterSync(() => done.push('c'));
    await h.tick();
    expect(h.flushes()).toBe(1);
    await h.finish();
    expect(done).toEqual(['a']);
    await h.tick();
    expect(h.flushes()).toBe(2);
    await h.finish();
    expect(done).toEqual(['a', 'b', 'c']);
  });

  test('writes without callbacks are flushed too, and drain waits for all of it', async () => {
    const h = harness();
    h.g.request();
    const drained = h.g.drain();
    await Promise.resolve();
    expect(h.flushes()).toBe(1);
    await h.finish();
    await drained;
    expect(h.flushes()).toBe(1);
  });

  test('a failed flush never runs its callbacks and reports the error', async () => {
    const errors: unknown[] = [];
    let ran = false;
    const g = new GroupCommit(() => Promise.reject(new Error('EIO')), (fn) => fn(), (e) => errors.push(e));
    g.afterSync(() => (ran = true));
    await expect(g.drain()).rejects.toThrow('EIO');
    expect(ran).toBe(false);
    expect(errors).toHaveLength(1);
  });
});
