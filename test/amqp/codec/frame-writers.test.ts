import { describe, expect, test } from 'vitest';
import type { BasicProperties } from '../../../engine/core/message.ts';
import {
  CodecError,
  decodeContentHeader,
  decodeMethod,
  encodeBodyFrames,
  encodeDelivery,
  encodeFrame,
  encodeHeaderFrame,
  encodeMethodFrame,
  FrameDecoder,
  HEARTBEAT_FRAME,
} from '../../../engine/amqp/codec/index.ts';
import type { ContentMethodInput } from '../../../engine/amqp/codec/index.ts';
import { bytes, hex, sstr, u16, u64 } from './bytes.ts';

const body = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => i % 251);

describe('frame writers', () => {
  test('writes a heartbeat as type 8 on channel 0 with an empty payload', () => {
    expect(hex(HEARTBEAT_FRAME)).toBe('080000' + '00000000' + 'ce');
  });

  test('wraps any payload in type, channel, size and frame end', () => {
    expect(hex(encodeFrame(3, 258, bytes('hi')))).toBe('03' + '0102' + '00000002' + '6869' + 'ce');
  });

  describe('body frames', () => {
    test('splits a body at frame-max minus 8', () => {
      const frames = encodeBodyFrames(5, body(10_000), 4096);
      expect(frames.map((f) => f.length)).toEqual([4096, 4096, 1832]);
      const decoded = new FrameDecoder().push(Buffer.concat(frames));
      expect(decoded.map((f) => f.payload.length)).toEqual([4088, 4088, 1824]);
      expect(decoded.every((f) => f.type === 3 && f.channel === 5)).toBe(true);
      expect(hex(Buffer.concat(decoded.map((f) => f.payload)))).toBe(hex(body(10_000)));
    });

    test('fits a body of exactly frame-max minus 8 in one frame', () => {
      expect(encodeBodyFrames(1, body(4088), 4096)).toHaveLength(1);
      expect(encodeBodyFrames(1, body(4089), 4096)).toHaveLength(2);
    });

    test('sends a body in one frame when frame-max is 0 (no limit)', () => {
      expect(encodeBodyFrames(1, body(100_000), 0)).toHaveLength(1);
    });

    test('sends no body frames for an empty body', () => {
      expect(encodeBodyFrames(1, new Uint8Array(0), 4096)).toEqual([]);
    });

    test('refuses a frame-max with no room for a body byte', () => {
      expect(() => encodeBodyFrames(1, body(1), 8)).toThrow(CodecError);
    });
  });

  test('writes basic.publish as a method frame with the exact bytes', () => {
    const f = encodeMethodFrame(1, { name: 'basic.publish', exchange: '', routingKey: 'hello' });
    expect(hex(f)).toBe(hex(bytes(1, u16(1), 0, 0, 0, 14, u16(60), u16(40), u16(0), sstr(''), sstr('hello'), 0, 0xce)));
  });
});

describe('encodeDelivery', () => {
  const props: BasicProperties = { contentType: 'text/plain', deliveryMode: 2, headers: { 'x-first': true } };
  const deliver: ContentMethodInput = {
    name: 'basic.deliver', consumerTag: 'amq.ctag-1', deliveryTag: 77, redelivered: true, exchange: 'orders', routingKey: 'eu.new',
  };

  test.each<ContentMethodInput>([
    deliver,
    { name: 'basic.get-ok', deliveryTag: 1, exchange: '', routingKey: 'q', messageCount: 41 },
    { name: 'basic.return', replyCode: 312, replyText: 'NO_ROUTE', exchange: 'x', routingKey: 'nowhere' },
    { name: 'basic.publish', exchange: 'x', routingKey: 'k', mandatory: true },
  ])('writes the same bytes as the separate frame writers for $name', (method) => {
    const b = body(9000);
    const expected = Buffer.concat([
      encodeMethodFrame(9, method),
      encodeHeaderFrame(9, 60, b.length, props),
      ...encodeBodyFrames(9, b, 4096),
    ]);
    expect(hex(encodeDelivery(9, method, props, b, 4096))).toBe(hex(expected));
  });

  test('produces frames that decode back to the method, properties and body', () => {
    const b = body(20_000);
    const frames = new FrameDecoder({ frameMax: 8192 }).push(encodeDelivery(3, deliver, props, b, 8192));
    expect(frames.map((f) => f.type)).toEqual([1, 2, 3, 3, 3]);
    expect(decodeMethod(frames[0]!.payload)).toEqual(deliver);
    expect(decodeContentHeader(frames[1]!.payload)).toEqual({ classId: 60, bodySize: 20_000, properties: props });
    expect(hex(Buffer.concat(frames.slice(2).map((f) => f.payload)))).toBe(hex(b));
  });

  test('writes only method and header frames for an empty body', () => {
    const frames = new FrameDecoder().push(encodeDelivery(1, deliver, {}, new Uint8Array(0), 4096));
    expect(frames.map((f) => f.type)).toEqual([1, 2]);
    expect(hex(frames[1]!.payload)).toBe(hex(bytes(u16(60), u16(0), u64(0), u16(0))));
  });

  test('gives every delivery of a shared properties object the same header', () => {
    const shared: BasicProperties = { appId: 'fan-out', headers: { n: 1 } };
    const headers = [1, 2, 3].map((tag) => {
      const frames = new FrameDecoder().push(encodeDelivery(tag, { ...deliver, deliveryTag: tag }, shared, bytes('abc'), 4096));
      expect(frames.map((f) => f.channel)).toEqual([tag, tag, tag]);
      return hex(frames[1]!.payload);
    });
    expect(new Set(headers).size).toBe(1);
    expect(decodeContentHeader(Buffer.from(headers[0]!, 'hex')).properties).toEqual(shared);
  });

  test('falls back to the checked writer for an over-long consumer tag', () => {
    expect(() => encodeDelivery(1, { ...deliver, consumerTag: 'x'.repeat(256) }, {}, bytes('a'), 4096)).toThrow(CodecError);
  });

  test('writes a non-ASCII routing key as UTF-8', () => {
    const frames = new FrameDecoder().push(encodeDelivery(1, { ...deliver, routingKey: 'zpráva.ü' }, {}, bytes('a'), 4096));
    expect(decodeMethod(frames[0]!.payload)).toMatchObject({ routingKey: 'zpráva.ü' });
  });

  test('refuses a channel outside uint16', () => {
    expect(() => encodeDelivery(65536, deliver, {}, bytes('a'), 4096)).toThrow(RangeError);
  });
});
