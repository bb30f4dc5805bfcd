import { describe, expect, test } from 'vitest';
import {
  CodecError,
  encodeBodyFrames,
  encodeHeaderFrame,
  encodeMethodFrame,
  FrameDecoder,
  HEARTBEAT_FRAME,
} from '../../../engine/amqp/codec/index.ts';
import type { Frame } from '../../../engine/amqp/codec/index.ts';
import { bytes, frame, hex, prng, u16, u32 } from './bytes.ts';

/** A stream of every frame type, several channels, an empty and a multi-frame body. */
function sampleStream(): Uint8Array {
  const body = Uint8Array.from({ length: 5000 }, (_, i) => i * 7);
  return Buffer.concat([
    encodeMethodFrame(0, { name: 'connection.tune-ok', channelMax: 2047, frameMax: 4096, heartbeat: 60 }),
    encodeMethodFrame(1, { name: 'basic.publish', exchange: 'amq.topic', routingKey: 'a.b.c' }),
    encodeHeaderFrame(1, 60, body.length, { contentType: 'application/octet-stream', headers: { k: 'v' } }),
    ...encodeBodyFrames(1, body, 4096),
    HEARTBEAT_FRAME,
    encodeMethodFrame(2, { name: 'basic.publish', routingKey: 'empty' }),
    encodeHeaderFrame(2, 60, 0, {}),
    encodeMethodFrame(65535, { name: 'channel.close', replyCode: 200, classId: 0, methodId: 0 }),
  ]);
}

/** Frames as comparable plain data. */
const plain = (frames: Frame[]): [number, number, string][] => frames.map((f) => [f.type, f.channel, hex(f.payload)]);

/** Feed `stream` to a fresh decoder in chunks whose sizes `nextSize` picks. */
function decodeInChunks(stream: Uint8Array, nextSize: () => number): Frame[] {
  const decoder = new FrameDecoder();
  const frames: Frame[] = [];
  for (let at = 0; at < stream.length; ) {
    const size = Math.min(nextSize(), stream.length - at);
    frames.push(...decoder.push(stream.slice(at, at + size)));
    at += size;
  }
  expect(decoder.bufferedBytes).toBe(0);
  return frames;
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

describe('FrameDecoder', () => {
  describe('chunking', () => {
    const stream = sampleStream();
    const whole = new FrameDecoder().push(stream);

    test('decodes a whole stream into its frames in order', () => {
      expect(whole.map((f) => [f.type, f.channel])).toEqual([
        [1, 0], [1, 1], [2, 1], [3, 1], [3, 1], [8, 0], [1, 2], [2, 2], [1, 65535],
      ]);
      expect(whole[3]!.payload.length).toBe(4088);
      expect(whole[4]!.payload.length).toBe(912);
    });

    test('gives identical frames when fed one byte at a time', () => {
      expect(plain(decodeInChunks(stream, () => 1))).toEqual(plain(whole));
    });

    test.each([1, 2, 3, 42, 1234])('gives identical frames when fed random chunk sizes (seed %i)', (seed) => {
      const random = prng(seed);
      expect(plain(decodeInChunks(stream, () => 1 + Math.floor(random() * 300)))).toEqual(plain(whole));
    });

    test('returns a payload that lies within one chunk as a view, without copying', () => {
      const chunk = frame(1, 7, 'hello');
      const [f] = new FrameDecoder().push(chunk);
      expect(f!.payload.buffer).toBe(chunk.buffer);
      expect(f!.payload.byteOffset).toBe(chunk.byteOffset + 7);
    });

    test('waits for the rest of a frame and counts the bytes it holds', () => {
      const decoder = new FrameDecoder();
      const f = frame(1, 1, 'abcdef');
      expect(decoder.push(f.subarray(0, 9))).toEqual([]);
      expect(decoder.bufferedBytes).toBe(9);
      expect(plain(decoder.push(f.subarray(9)))).toEqual([[1, 1, hex(bytes('abcdef'))]]);
      expect(decoder.bufferedBytes).toBe(0);
    });

    test('hands out one frame per next() so frame-max can change between frames', () => {
      const decoder = new FrameDecoder();
      decoder.write(Buffer.concat([frame(1, 0, 'tune-ok'), frame(3, 1, new Uint8Array(10_000))]));
      expect(decoder.next()?.payload.toString()).toBe('tune-ok');
      decoder.frameMax = 131_072;
      expect(decoder.next()?.payload.length).toBe(10_000);
      expect(decoder.next()).toBeUndefined();
    });
  });

  describe('frame-max', () => {
    test('accepts frames up to 4096 bytes before tuning', () => {
      expect(new FrameDecoder().push(frame(3, 1, new Uint8Array(4088)))).toHaveLength(1);
    });

    test('rejects an oversize frame from its header alone, before the payload arrives', () => {
      const e = codecError(() => new FrameDecoder().push(bytes(3, u16(1), u32(4089))));
      expect([e.code, e.message]).toEqual([501, 'frame of 4097 bytes on channel 1 exceeds frame-max 4096']);
    });

    test('enforces a frame-max set after tuning', () => {
      const decoder = new FrameDecoder({ frameMax: 131_072 });
      expect(decoder.push(frame(3, 1, new Uint8Array(131_064)))).toHaveLength(1);
      expect(codecError(() => decoder.push(frame(3, 1, new Uint8Array(131_065)))).code).toBe(501);
    });

    test('treats a frame-max of 0 as no limit', () => {
      expect(new FrameDecoder({ frameMax: 0 }).push(frame(3, 1, new Uint8Array(200_000)))).toHaveLength(1);
    });

    test('refuses a frame-max that is not a uint32', () => {
      expect(() => new FrameDecoder({ frameMax: -1 })).toThrow(RangeError);
    });
  });

  describe('errors', () => {
    test('rejects a frame whose end byte is not 0xce', () => {
      const bad = frame(1, 1, 'abc');
      bad[bad.length - 1] = 0;
      const e = codecError(() => new FrameDecoder().push(bad));
      expect(e.code).toBe(501);
      expect(e.message).toBe('frame end byte 0x00 instead of 0xce after a type 1 frame of 3 bytes on channel 1');
    });

    test('rejects an unknown frame type', () => {
      const e = codecError(() => new FrameDecoder().push(frame(4, 0, 'x')));
      expect([e.code, e.message]).toEqual([501, 'unknown frame type 4 on channel 0']);
    });

    test('rejects a heartbeat frame off channel 0', () => {
      const e = codecError(() => new FrameDecoder().push(frame(8, 3)));
      expect([e.code, e.message]).toEqual([501, 'heartbeat frame on channel 3, not 0']);
    });
  });
});
