import { describe, expect, expectTypeOf, test } from 'vitest';
import {
  CodecError,
  decodeMethod,
  encodeMethod,
  encodeMethodFrame,
  hasContent,
  METHOD_DEFS,
  methodIds,
  methodName,
} from '../../../engine/amqp/codec/index.ts';
import type { AmqpMethod, AmqpMethodInput, MethodInputOf, MethodName, MethodOf } from '../../../engine/amqp/codec/index.ts';
import type { FieldTable } from '../../../engine/core/field-value.ts';
import { bytes, frame, hex, lstr, sized, sstr, u16, u32, u64 } from './bytes.ts';

const NAMES = Object.keys(METHOD_DEFS) as MethodName[];

/** Arguments for `name` that differ from every spec default; bits follow `bitValue`. */
function sampleArgs(name: MethodName, bitValue: (index: number, fallback: unknown) => boolean): AmqpMethod {
  const out: Record<string, unknown> = { name };
  let bitIndex = 0;
  METHOD_DEFS[name].fields.forEach(([field, type, ...rest], i) => {
    const fallback: unknown = rest[0];
    switch (type) {
      case 'octet': out[field] = 42 + i; break;
      case 'short': out[field] = 1000 + i; break;
      case 'long': out[field] = 70_000 + i; break;
      case 'longlong': out[field] = 2 ** 40 + i; break;
      case 'shortstr': out[field] = `${field}-ü`; break;
      case 'longstr': out[field] = `${field} long ✓`; break;
      case 'bytes': out[field] = Uint8Array.of(0, 1, 255, i); break;
      case 'bit': out[field] = bitValue(bitIndex++, fallback); break;
      case 'table': out[field] = { [field]: 'v', n: i, nested: { ok: true } } satisfies FieldTable; break;
    }
  });
  return out as AmqpMethod;
}

function codecError(fn: () => unknown): CodecError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CodecError) return e;
    throw e;
  }
  throw new Error('expected a CodecError');
}

describe('methods', () => {
  test('defines exactly the methods of RabbitMQ 0-9-1 that Brokerlab speaks', () => {
    const expected = [
      ...['start', 'start-ok', 'secure', 'secure-ok', 'tune', 'tune-ok', 'open', 'open-ok', 'close', 'close-ok', 'blocked',
        'unblocked', 'update-secret', 'update-secret-ok'].map((m) => `connection.${m}`),
      ...['open', 'open-ok', 'flow', 'flow-ok', 'close', 'close-ok'].map((m) => `channel.${m}`),
      ...['declare', 'declare-ok', 'delete', 'delete-ok', 'bind', 'bind-ok', 'unbind', 'unbind-ok'].map((m) => `exchange.${m}`),
      ...['declare', 'declare-ok', 'bind', 'bind-ok', 'purge', 'purge-ok', 'delete', 'delete-ok', 'unbind', 'unbind-ok'].map(
        (m) => `queue.${m}`,
      ),
      ...['qos', 'qos-ok', 'consume', 'consume-ok', 'cancel', 'cancel-ok', 'publish', 'return', 'deliver', 'get', 'get-ok',
        'get-empty', 'ack', 'reject', 'recover-async', 'recover', 'recover-ok', 'nack'].map((m) => `basic.${m}`),
      'confirm.select', 'confirm.select-ok',
      ...['select', 'select-ok', 'commit', 'commit-ok', 'rollback', 'rollback-ok'].map((m) => `tx.${m}`),
    ];
    expect([...NAMES].sort()).toEqual(expected.sort());
  });

  test('gives every method a distinct class and method id pair', () => {
    const pairs = new Set(NAMES.map((n) => `${METHOD_DEFS[n].classId}/${METHOD_DEFS[n].methodId}`));
    expect(pairs.size).toBe(NAMES.length);
  });

  describe('round trips', () => {
    test.each(NAMES)('round-trips %s with every argument set away from its default', (name) => {
      const method = sampleArgs(name, (_, fallback) => fallback !== true);
      expect(decodeMethod(encodeMethod(method))).toEqual(method);
    });

    test.each(NAMES.filter((n) => METHOD_DEFS[n].fields.filter((f) => f[1] === 'bit').length > 1))(
      'round-trips %s with alternating bits',
      (name) => {
        const method = sampleArgs(name, (i) => i % 2 === 1);
        expect(decodeMethod(encodeMethod(method))).toEqual(method);
      },
    );

    test('fills omitted arguments with the spec defaults', () => {
      expect(decodeMethod(encodeMethod({ name: 'queue.declare' }))).toEqual({
        name: 'queue.declare', ticket: 0, queue: '', passive: false, durable: false, exclusive: false, autoDelete: false,
        nowait: false, arguments: {},
      });
      expect(decodeMethod(encodeMethod({ name: 'basic.reject', deliveryTag: 3 }))).toEqual({
        name: 'basic.reject', deliveryTag: 3, requeue: true,
      });
    });

    test('accepts a string as a SASL response and decodes it as bytes', () => {
      const m = decodeMethod(encodeMethod({ name: 'connection.secure-ok', response: 'abc' as unknown as Uint8Array }));
      expect(m).toEqual({ name: 'connection.secure-ok', response: Uint8Array.of(0x61, 0x62, 0x63) });
    });
  });

  describe('fixed bytes', () => {
    const startPayload = bytes(
      u16(10), u16(10), 0, 9,
      sized(
        sstr('capabilities'), 'F', sized(sstr('publisher_confirms'), 't', 1, sstr('basic.nack'), 't', 1),
        sstr('product'), 'S', lstr('RabbitMQ'),
        sstr('version'), 'S', lstr('4.2.0'),
      ),
      lstr('AMQPLAIN PLAIN'), lstr('en_US'),
    );
    const start: MethodOf<'connection.start'> = {
      name: 'connection.start',
      versionMajor: 0,
      versionMinor: 9,
      serverProperties: { capabilities: { publisher_confirms: true, 'basic.nack': true }, product: 'RabbitMQ', version: '4.2.0' },
      mechanisms: 'AMQPLAIN PLAIN',
      locales: 'en_US',
    };

    test('encodes connection.start as RabbitMQ sends it on channel 0', () => {
      expect(hex(encodeMethod(start))).toBe(hex(startPayload));
      expect(hex(encodeMethodFrame(0, start))).toBe(hex(frame(1, 0, startPayload)));
    });

    test('decodes connection.start from its wire bytes', () => {
      expect(decodeMethod(startPayload)).toEqual(start);
    });

    const publishPayload = bytes(u16(60), u16(40), u16(0), sstr('amq.direct'), sstr('rk'), 0b01);
    test('encodes basic.publish with the mandatory bit in the low bit', () => {
      expect(hex(encodeMethod({ name: 'basic.publish', exchange: 'amq.direct', routingKey: 'rk', mandatory: true }))).toBe(
        hex(publishPayload),
      );
    });

    test('decodes basic.publish through its fast path', () => {
      expect(decodeMethod(publishPayload)).toEqual({
        name: 'basic.publish', ticket: 0, exchange: 'amq.direct', routingKey: 'rk', mandatory: true, immediate: false,
      });
      expect(decodeMethod(bytes(u16(60), u16(40), u16(0), sstr(''), sstr('q'), 0b10))).toMatchObject({ mandatory: false, immediate: true });
    });

    test('encodes basic.deliver through its fast path', () => {
      const m = { name: 'basic.deliver', consumerTag: 'ctag', deliveryTag: 2 ** 32 + 5, redelivered: true, exchange: 'ex', routingKey: 'k' } as const;
      const wire = bytes(u16(60), u16(60), sstr('ctag'), u64(2 ** 32 + 5), 1, sstr('ex'), sstr('k'));
      expect(hex(encodeMethod(m))).toBe(hex(wire));
      expect(decodeMethod(wire)).toEqual(m);
    });

    test('encodes and decodes basic.ack through its fast paths', () => {
      const wire = bytes(u16(60), u16(80), u64(123_456), 1);
      expect(hex(encodeMethod({ name: 'basic.ack', deliveryTag: 123_456, multiple: true }))).toBe(hex(wire));
      expect(decodeMethod(wire)).toEqual({ name: 'basic.ack', deliveryTag: 123_456, multiple: true });
      expect(hex(encodeMethod({ name: 'basic.ack' }))).toBe(hex(bytes(u16(60), u16(80), u64(0), 0)));
    });

    test('packs consecutive bits into one octet, low bit first', () => {
      // passive, durable, exclusive, auto-delete, nowait: durable and auto-delete set.
      const declare = encodeMethod({ name: 'queue.declare', queue: 'q', durable: true, autoDelete: true });
      expect(hex(declare)).toBe(hex(bytes(u16(50), u16(10), u16(0), sstr('q'), 0b01010, u32(0))));
      expect(hex(encodeMethod({ name: 'basic.nack', deliveryTag: 1, multiple: true }))).toBe(
        hex(bytes(u16(60), u16(120), u64(1), 0b11)),
      );
    });

    test('encodes methods without arguments as class and method id alone', () => {
      expect(hex(encodeMethod({ name: 'tx.commit-ok' }))).toBe(hex(bytes(u16(90), u16(21))));
    });

    test('ignores bytes after the last argument, as RabbitMQ does', () => {
      expect(decodeMethod(bytes(u16(90), u16(20), 1, 2, 3))).toEqual({ name: 'tx.commit' });
    });
  });

  describe('errors', () => {
    test('rejects an unknown class id with 540 NOT_IMPLEMENTED', () => {
      const e = codecError(() => decodeMethod(bytes(u16(30), u16(10))));
      expect([e.code, e.message, e.classId, e.methodId]).toEqual([540, 'unknown class id 30 (method id 10)', 30, 10]);
    });

    test('rejects an unknown method id of a known class with 540 NOT_IMPLEMENTED', () => {
      const e = codecError(() => decodeMethod(bytes(u16(60), u16(99))));
      expect([e.code, e.message]).toEqual([540, 'unknown method id 99 in class basic (60)']);
    });

    test('rejects a payload too short for class and method id', () => {
      const e = codecError(() => decodeMethod(bytes(0, 60, 0)));
      expect([e.code, e.message]).toEqual([502, 'method frame payload is 3 byte(s); class and method id alone take 4']);
    });

    test('names the method whose arguments are truncated', () => {
      const e = codecError(() => decodeMethod(bytes(u16(60), u16(40), u16(0), 10, 'amq')));
      expect(e.code).toBe(502);
      expect(e.message).toBe('truncated basic.publish: need 11 byte(s) at offset 6, 4 left');
      expect([e.classId, e.methodId]).toEqual([60, 40]);
    });

    test('names the key of a bad field type inside method arguments', () => {
      const e = codecError(() => decodeMethod(bytes(u16(50), u16(10), u16(0), sstr('q'), 0, sized(sstr('x-max'), 'Q'))));
      expect(e.message).toBe("unknown field type 'Q' in table at key 'x-max'");
      expect([e.code, e.classId, e.methodId]).toEqual([502, 50, 10]);
    });

    test('refuses to encode a method missing a required argument', () => {
      const e = codecError(() => encodeMethod({ name: 'channel.flow' } as unknown as AmqpMethodInput));
      expect(e.message).toBe("channel.flow is missing argument 'active'");
    });

    test('refuses to encode an argument of the wrong type or range', () => {
      expect(codecError(() => encodeMethod({ name: 'basic.qos', prefetchCount: 70_000 })).message).toBe(
        "basic.qos argument 'prefetchCount' must be an integer in [0, 65535], got 70000",
      );
      expect(codecError(() => encodeMethod({ name: 'queue.bind', exchange: 5 as unknown as string })).message).toBe(
        "queue.bind argument 'exchange' must be a string, got 5",
      );
    });

    test('refuses a short string over 255 bytes of UTF-8', () => {
      const e = codecError(() => encodeMethod({ name: 'queue.delete', queue: 'é'.repeat(128) }));
      expect(e.message).toBe("queue.delete argument 'queue' is 256 bytes of UTF-8; a short string holds at most 255");
    });

    test('refuses an unknown method name', () => {
      expect(codecError(() => encodeMethod({ name: 'basic.teleport' } as unknown as AmqpMethodInput)).code).toBe(540);
    });
  });

  describe('lookups', () => {
    test('maps names to ids and back', () => {
      expect(methodIds('exchange.unbind-ok')).toEqual({ classId: 40, methodId: 51 });
      expect(methodName(60, 120)).toBe('basic.nack');
      expect(methodName(30, 10)).toBeUndefined();
    });

    test('marks exactly publish, return, deliver and get-ok as carrying content', () => {
      expect(NAMES.filter(hasContent).sort()).toEqual(['basic.deliver', 'basic.get-ok', 'basic.publish', 'basic.return']);
    });
  });

  describe('types', () => {
    test('derives argument types from the method table', () => {
      expectTypeOf<MethodOf<'basic.publish'>>().toEqualTypeOf<{
        name: 'basic.publish'; ticket: number; exchange: string; routingKey: string; mandatory: boolean; immediate: boolean;
      }>();
      expectTypeOf<MethodOf<'connection.start-ok'>['response']>().toEqualTypeOf<Uint8Array>();
      expectTypeOf<MethodOf<'queue.declare'>['arguments']>().toEqualTypeOf<FieldTable>();
    });

    test('makes only arguments with a spec default optional for encoding', () => {
      expectTypeOf<MethodInputOf<'basic.deliver'>>().toEqualTypeOf<{
        name: 'basic.deliver'; consumerTag: string; deliveryTag: number; exchange: string; routingKey: string; redelivered?: boolean;
      }>();
      expectTypeOf<{ name: 'tx.select' }>().toExtend<AmqpMethodInput>();
      expectTypeOf<{ name: 'channel.flow' }>().not.toExtend<AmqpMethodInput>();
    });
  });
});
