import { describe, expect, expectTypeOf, test } from 'vitest';
import type { Command, CommandResult } from '../../engine/core/commands.ts';
import type { JsonCommand } from '../../engine/host/command-schema.ts';
import type {
  HostApi,
  InvokeChannel,
  InvokePayload,
  InvokeRequest,
  InvokeResponses,
  InvokeResult,
  PushChannel,
  PushPayloads,
} from '../../engine/host/contract.ts';
import { INVOKE_CHANNELS, INVOKE_SCHEMAS, PUSH_CHANNELS, parseInvoke } from '../../engine/host/contract.ts';
import type { TopologySnapshot } from '../../engine/host/snapshot-types.ts';
import type { MessageView } from '../../engine/host/message-schema.ts';

describe('contract types', () => {
  test('every invoke channel has a schema and a response type, and nothing else does', () => {
    expectTypeOf<keyof InvokeResponses>().toEqualTypeOf<InvokeChannel>();
    expectTypeOf<InvokeChannel>().toEqualTypeOf<keyof typeof INVOKE_SCHEMAS>();
  });

  test('a validated topology command is an engine command', () => {
    expectTypeOf<JsonCommand>().toExtend<Command>();
    expectTypeOf<InvokePayload<'topology:apply'>>().toEqualTypeOf<JsonCommand>();
    expectTypeOf<InvokeResponses['topology:apply']>().toEqualTypeOf<CommandResult>();
  });

  test('requests may leave out defaults that handlers then receive', () => {
    expectTypeOf<{ vhost: '/'; queue: 'q'; ackmode: 'ack_requeue_true' }>().toExtend<InvokeRequest<'queue:get'>>();
    expectTypeOf<{ vhost: '/'; queue: 'q' }>().not.toExtend<InvokeRequest<'queue:get'>>();
    expectTypeOf<InvokePayload<'queue:get'>['count']>().toEqualTypeOf<number>();
    expectTypeOf<InvokePayload<'queue:get'>['encoding']>().toEqualTypeOf<'auto' | 'base64'>();
  });

  test('results are values or errors, typed per channel', () => {
    expectTypeOf<InvokeResult<'topology:get'>>().toEqualTypeOf<{ ok: true; value: TopologySnapshot } | { ok: false; error: import('../../engine/host/contract.ts').HostError }>();
    expectTypeOf<InvokeResponses['queue:peek']>().toEqualTypeOf<MessageView[]>();
  });

  test('HostApi.invoke and on are typed by channel', () => {
    expectTypeOf<HostApi['invoke']>().parameter(0).toEqualTypeOf<InvokeChannel>();
    expectTypeOf<Parameters<HostApi['on']>[0]>().toEqualTypeOf<PushChannel>();
    expectTypeOf<PushPayloads['snapshot']['topology']>().toEqualTypeOf<TopologySnapshot>();
  });
});

describe('contract allow-lists', () => {
  test('INVOKE_CHANNELS lists exactly the schemas', () => {
    expect([...INVOKE_CHANNELS].sort()).toEqual(Object.keys(INVOKE_SCHEMAS).sort());
    expect(INVOKE_CHANNELS).toContain('topology:apply');
    expect(INVOKE_CHANNELS).toContain('scenario:open');
  });

  test('PUSH_CHANNELS lists the push channels', () => {
    expect([...PUSH_CHANNELS].sort()).toEqual(['events', 'live', 'menu', 'snapshot']);
  });

  test('allow-lists cannot be changed at run time', () => {
    expect(Object.isFrozen(INVOKE_CHANNELS)).toBe(true);
    expect(Object.isFrozen(PUSH_CHANNELS)).toBe(true);
  });
});

describe('parseInvoke', () => {
  test('accepts a valid command and fills defaults', () => {
    const r = parseInvoke('queue:get', { vhost: '/', queue: 'q', ackmode: 'ack_requeue_true' });
    expect(r).toEqual({ ok: true, channel: 'queue:get', payload: { vhost: '/', queue: 'q', ackmode: 'ack_requeue_true', count: 1, encoding: 'auto' } });
  });

  test('refuses an unknown channel, including prototype names', () => {
    for (const c of ['nope', 'constructor', '__proto__', 42]) {
      const r = parseInvoke(c, {});
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('unknown-channel');
    }
  });

  test('names the offending field of a malformed payload', () => {
    const r = parseInvoke('queue:get', { vhost: '/', queue: 'q', ackmode: 'keep' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('bad-request');
      expect(r.error.message).toContain('ackmode');
      expect(r.error.issues?.[0]?.path).toBe('ackmode');
    }
  });

  test('refuses unknown keys, so a typo is not silently ignored', () => {
    const r = parseInvoke('queue:purge', { vhost: '/', queue: 'q', force: true });
    expect(r.ok).toBe(false);
  });

  test('refuses a field table with a malformed typed value', () => {
    const cmd = { type: 'queue.declare', vhost: '/', name: 'q', durable: false, exclusive: false, autoDelete: false, arguments: { 'x-max-length': { $type: 'int128', value: 1 } } };
    const r = parseInvoke('topology:apply', cmd);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('arguments');
  });

  test('accepts typed field values that survive JSON', () => {
    const cmd = { type: 'queue.declare', vhost: '/', name: 'q', durable: false, exclusive: false, autoDelete: false, arguments: { 'x-max-length': { $type: 'int32', value: 5 }, nested: { a: [1, 'b', null] } } };
    expect(parseInvoke('topology:apply', cmd).ok).toBe(true);
  });

  test('an empty-payload channel refuses extra fields but accepts {}', () => {
    expect(parseInvoke('topology:get', {}).ok).toBe(true);
    expect(parseInvoke('topology:get', { x: 1 }).ok).toBe(false);
    expect(parseInvoke('topology:get', undefined).ok).toBe(false);
  });
});
