import { describe, expect, test } from 'vitest';
import { parseProtocolHeader, PROTOCOL_HEADER } from '../../../engine/amqp/codec/index.ts';
import { bytes } from './bytes.ts';

describe('parseProtocolHeader', () => {
  test('accepts AMQP 0-9-1', () => {
    expect(parseProtocolHeader(bytes('AMQP', 0, 0, 9, 1))).toEqual({ status: 'ok' });
    expect([...PROTOCOL_HEADER]).toEqual([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1]);
  });

  test('waits for more bytes while the prefix still matches', () => {
    expect(parseProtocolHeader(bytes('AMQ'))).toEqual({ status: 'incomplete' });
    expect(parseProtocolHeader(new Uint8Array(0))).toEqual({ status: 'incomplete' });
  });

  test('reports an AMQP 1.0 client with the version it asked for', () => {
    const r = parseProtocolHeader(bytes('AMQP', 0, 1, 0, 0));
    expect(r).toEqual({
      status: 'mismatch',
      received: bytes('AMQP', 0, 1, 0, 0),
      description: 'AMQP protocol id 0 version 1.0.0; this broker speaks only 0-9-1',
    });
  });

  test('turns away a non-AMQP client as soon as a byte differs', () => {
    const r = parseProtocolHeader(bytes('GET '));
    expect(r.status).toBe('mismatch');
    expect(r.status === 'mismatch' && r.description).toBe("not an AMQP protocol header (starts with 'GET ')");
  });

  test('reports an AMQP header for another protocol id before all 8 bytes arrive', () => {
    const r = parseProtocolHeader(bytes('AMQP', 3));
    expect(r.status === 'mismatch' && r.description).toBe('AMQP header for another protocol id or version (protocol id 3)');
  });
});
