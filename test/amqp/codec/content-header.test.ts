import { describe, expect, test } from 'vitest';
import type { BasicProperties } from '../../../engine/core/message.ts';
import { NO_PROPERTIES } from '../../../engine/core/message.ts';
import {
  CodecError,
  decodeContentHeader,
  encodeContentHeader,
  encodedProperties,
  encodeHeaderFrame,
} from '../../../engine/amqp/codec/index.ts';
import { bytes, frame, hex, sized, sstr, u16, u32, u64 } from './bytes.ts';

const ALL: Required<BasicProperties> = {
  contentType: 'application/json',
  contentEncoding: 'gzip',
  headers: { 'x-match': 'all', n: 1, nested: { list: [1, 'two'] } },
  deliveryMode: 2,
  priority: 9,
  correlationId: 'corr-1',
  replyTo: 'amq.rabbitmq.reply-to',
  expiration: '60000',
  messageId: 'msg-ü',
  timestamp: 1_700_000_000,
  type: 'order.created',
  userId: 'guest',
  appId: 'brokerlab',
  clusterId: 'c1',
};

function codecError(fn: () => unknown): CodecError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CodecError) return e;
    throw e;
  }
  throw new Error('expected a CodecError');
}

describe('content header', () => {
  test.each(Object.keys(ALL) as (keyof BasicProperties)[])('round-trips the %s property alone', (key) => {
    const properties = { [key]: ALL[key] } as BasicProperties;
    const decoded = decodeContentHeader(encodeContentHeader(60, 10, properties));
    expect(decoded).toEqual({ classId: 60, bodySize: 10, properties });
    expect(Object.keys(decoded.properties)).toEqual([key]);
  });

  test('round-trips all fourteen properties together', () => {
    expect(decodeContentHeader(encodeContentHeader(60, 5, { ...ALL })).properties).toEqual(ALL);
  });

  test('leaves omitted properties out of the decoded object entirely', () => {
    const { properties } = decodeContentHeader(encodeContentHeader(60, 0, { deliveryMode: 1, appId: 'a' }));
    expect(Object.keys(properties)).toEqual(['deliveryMode', 'appId']);
    expect('contentType' in properties).toBe(false);
  });

  test('round-trips a body size beyond 32 bits', () => {
    expect(decodeContentHeader(encodeContentHeader(60, 2 ** 40 + 3, {})).bodySize).toBe(2 ** 40 + 3);
  });

  describe('fixed bytes', () => {
    const props: BasicProperties = {
      contentType: 'application/json',
      headers: { 'x-retry': 3 },
      deliveryMode: 2,
      priority: 5,
      messageId: 'm-1',
      timestamp: 1_700_000_000,
    };
    // content-type, headers, delivery-mode, priority, message-id, timestamp
    const flags = 0x8000 | 0x2000 | 0x1000 | 0x0800 | 0x0080 | 0x0040;
    const wire = bytes(
      u16(60), u16(0), u64(42), u16(flags),
      sstr('application/json'), sized(sstr('x-retry'), 'I', u32(3)), 2, 5, sstr('m-1'), u64(1_700_000_000),
    );

    test('encodes a header with several properties to the exact wire bytes', () => {
      expect(flags).toBe(0xb8c0);
      expect(hex(encodeContentHeader(60, 42, { ...props }))).toBe(hex(wire));
      expect(hex(encodeHeaderFrame(3, 60, 42, { ...props }))).toBe(hex(frame(2, 3, wire)));
    });

    test('decodes a header with several properties from its wire bytes', () => {
      expect(decodeContentHeader(wire)).toEqual({ classId: 60, bodySize: 42, properties: props });
    });

    test('encodes no properties as zero flags', () => {
      expect(hex(encodeContentHeader(60, 7, NO_PROPERTIES))).toBe(hex(bytes(u16(60), u16(0), u64(7), u16(0))));
    });
  });

  describe('flag words', () => {
    test('skips a continuation flag word that sets no further properties', () => {
      const wire = bytes(u16(60), u16(0), u64(1), u16(0x8001), u16(0), sstr('text/plain'));
      expect(decodeContentHeader(wire).properties).toEqual({ contentType: 'text/plain' });
    });

    test('rejects flags past the fourteen basic properties', () => {
      const e = codecError(() => decodeContentHeader(bytes(u16(60), u16(0), u64(1), u16(0x0001), u16(0x8000))));
      expect([e.code, e.message]).toEqual([502, 'content header sets property flags past the 14 basic properties']);
      expect(codecError(() => decodeContentHeader(bytes(u16(60), u16(0), u64(1), u16(0x0002)))).message).toBe(
        'content header sets property flag bit 1, which basic does not define',
      );
    });
  });

  describe('errors', () => {
    test('rejects a content header for a class other than basic with 503', () => {
      const e = codecError(() => decodeContentHeader(bytes(u16(50), u16(0), u64(0), u16(0))));
      expect([e.code, e.message]).toEqual([503, 'content header for class 50; only basic (60) carries content']);
    });

    test('rejects a truncated property', () => {
      const e = codecError(() => decodeContentHeader(bytes(u16(60), u16(0), u64(0), u16(0x8000), 5, 'ab')));
      expect([e.code, e.message]).toEqual([502, 'truncated content header: need 6 byte(s) at offset 14, 3 left']);
    });

    test('rejects an out-of-range delivery mode when encoding', () => {
      expect(codecError(() => encodeContentHeader(60, 0, { deliveryMode: 256 })).message).toBe(
        'property delivery-mode must be an integer in [0, 255], got 256',
      );
    });
  });

  describe('encoding cache', () => {
    test('encodes a properties object once and reuses the bytes', () => {
      const props: BasicProperties = { contentType: 'text/plain', headers: { a: 1 } };
      expect(encodedProperties(props)).toBe(encodedProperties(props));
      expect(encodedProperties(NO_PROPERTIES)).toBe(encodedProperties(NO_PROPERTIES));
    });

    test('gives each body size its own prefix while sharing the cached properties', () => {
      const props: BasicProperties = { type: 't' };
      expect(decodeContentHeader(encodeContentHeader(60, 1, props)).bodySize).toBe(1);
      expect(decodeContentHeader(encodeContentHeader(60, 2, props)).bodySize).toBe(2);
    });

    test('re-encodes a decoded header as it was received, integer widths included', () => {
      // RabbitMQ relays properties as published: an int8 header ('b') stays 'b' rather than becoming 'I'.
      const wire = bytes(u16(60), u16(0), u64(9), u16(0x2000), sized(sstr('n'), 'b', 5));
      const { properties } = decodeContentHeader(wire);
      expect(hex(encodeContentHeader(60, 9, properties))).toBe(hex(wire));
      expect(hex(encodeContentHeader(60, 9, { ...properties }))).toBe(hex(encodeContentHeader(60, 9, { headers: { n: 5 } })));
    });

    test('stays correct once a properties object has been evicted from the cache', () => {
      const first: BasicProperties = { messageId: 'first' };
      const bytesBefore = hex(encodedProperties(first));
      for (let i = 0; i < 2000; i++) encodedProperties({ messageId: `m${i}` });
      expect(hex(encodedProperties(first))).toBe(bytesBefore);
    });
  });
});
