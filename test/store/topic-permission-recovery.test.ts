import { afterEach, describe, expect, test } from 'vitest';
import { topologyCommands } from '../../engine/store/durable-topology.ts';
import { bindQueue, ctxOf, declareExchange, expectAmqpError } from '../support/core-helpers.ts';
import { declareQueue } from '../support/engine-harness.ts';
import type { Booted } from './boot.ts';
import { boot, crashAndBoot } from './boot.ts';
import { PLACES, removeTempDirs } from './places.ts';

describe.each(PLACES)('topic permissions with the %s store', (_kind, makePlace) => {
  const running: Booted[] = [];
  afterEach(async () => {
    for (const b of running.splice(0)) await b.att.close();
    removeTempDirs();
  });

  const setUp = async () => {
    const place = makePlace();
    const a = await boot(place);
    running.push(a);
    const b = a.h.broker;
    b.execute({ type: 'user.add', name: 'bob', passwordHash: '', tags: [] });
    b.execute({ type: 'permission.set', user: 'bob', vhost: '/', configure: '.*', write: '.*', read: '.*' });
    const set = (exchange: string, write: string, read: string) => b.execute({ type: 'topic-permission.set', user: 'bob', vhost: '/', exchange, write, read });
    set('events', '^{username}\\.', '^r\\.');
    set('events', '^bob\\.', '^r\\.');
    set('gone', '^$', '^$');
    set('gone-too', '^$', '^$');
    b.execute({ type: 'topic-permission.clear', user: 'bob', vhost: '/', exchange: 'gone' });
    b.execute({ type: 'topic-permission.set', user: 'guest', vhost: '/', exchange: 'events', write: 'g', read: 'g' });
    b.execute({ type: 'topic-permission.clear', user: 'guest', vhost: '/' });
    return { place, a };
  };
  const expected = [
    { user: 'bob', vhost: '/', exchange: 'events', write: '^bob\\.', read: '^r\\.' },
    { user: 'bob', vhost: '/', exchange: 'gone-too', write: '^$', read: '^$' },
  ];

  test('set, replaced and cleared topic permissions survive a crash as they were, and are enforced', async () => {
    const { place, a } = await setUp();
    const { next } = await crashAndBoot(a, place);
    running.push(next);
    expect(next.h.broker.topicPermissions.entries()).toEqual(expected);
    declareExchange(next.h, 'events', 'topic');
    declareQueue(next.h.channel().ch, 'q');
    const ctx = ctxOf(next.h.connect('bob'));
    expectAmqpError(() => bindQueue(next.h, 'q', 'events', 'x.#', {}, ctx), 403, 'channel',
      "ACCESS_REFUSED - access to topic 'x.#' in exchange 'events' in vhost '/' refused for user 'bob'");
  });

  test('they survive compaction into a snapshot', async () => {
    const { place, a } = await setUp();
    const b = a.h.broker;
    for (let i = 0; i < 1500; i++) {
      b.execute({ type: 'queue.declare', vhost: '/', name: `q${i % 40}`, durable: true, exclusive: false, autoDelete: false, arguments: {} });
      if (i % 3 === 0) b.execute({ type: 'queue.delete', vhost: '/', name: `q${(i * 7) % 40}` });
    }
    expect(a.store.commandsSinceSnapshot).toBeLessThan(1000);
    const { next } = await crashAndBoot(a, place);
    running.push(next);
    expect(next.h.broker.topicPermissions.entries()).toEqual(expected);
    expect(topologyCommands(next.h.broker)).toEqual(topologyCommands(b));
  });
});
