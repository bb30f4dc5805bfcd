/**
 * Cross-checks the codec against amqplib's independent implementation: what
 * one encodes, the other must decode to the same values.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  decodeContentHeader,
  decodeMethod,
  encodeContentHeader,
  encodeMethodFrame,
  FrameDecoder,
  METHOD_DEFS,
} from '../../../engine/amqp/codec/index.ts';
import type { AmqpMethod, MethodName } from '../../../engine/amqp/codec/index.ts';
import type { BasicProperties } from '../../../engine/core/message.ts';

interface AmqplibDefs {
  decode(id: number, args: Buffer): Record<string, unknown>;
  encodeMethod(id: number, channel: number, fields: Record<string, unknown>): Buffer;
  encodeProperties(id: number, channel: number, size: number, fields: Record<string, unknown>): Buffer;
}
// amqplib does not export its generated codec; load the file by path (amqplib 2.x layout).
const require = createRequire(import.meta.url);
const amqplib = require(join(dirname(require.resolve('amqplib')), 'lib', 'defs.js')) as AmqplibDefs;

const NAMES = Object.keys(METHOD_DEFS) as MethodName[];
const id = (name: MethodName): number => METHOD_DEFS[name].classId * 0x10000 + METHOD_DEFS[name].methodId;

/** Arguments amqplib can express: ASCII strings, and tables of strings, booleans and tables. */
function sample(name: MethodName): AmqpMethod {
  const out: Record<string, unknown> = { name };
  METHOD_DEFS[name].fields.forEach(([field, type], i) => {
    switch (type) {
      case 'octet': out[field] = 7 + i; break;
      case 'short': out[field] = 513 + i; break;
      case 'long': out[field] = 70_000 + i; break;
      case 'longlong': out[field] = 2 ** 40 + i; break;
      case 'shortstr': out[field] = `short-${field}`; break;
      case 'longstr': out[field] = `long ${field}`; break;
      case 'bytes': out[field] = Uint8Array.from(Buffer.from(`\0user\0${field}`)); break;
      case 'bit': out[field] = i % 2 === 0; break;
      case 'table': out[field] = { s: 'v', yes: true, nested: { deep: 'x' } }; break;
    }
  });
  return out as AmqpMethod;
}

/** amqplib carries longstr arguments as Buffers. */
function toAmqplib(m: AmqpMethod): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [field, type] of METHOD_DEFS[m.name].fields) {
    const v = (m as unknown as Record<string, unknown>)[field];
    fields[field] = type === 'longstr' ? Buffer.from(v as string) : type === 'bytes' ? Buffer.from(v as Uint8Array) : v;
  }
  return fields;
}

function fromAmqplib(name: MethodName, fields: Record<string, unknown>): AmqpMethod {
  const out: Record<string, unknown> = { name };
  for (const [field, type] of METHOD_DEFS[name].fields) {
    const v = fields[field];
    out[field] = type === 'longstr' ? (v as Buffer).toString() : type === 'bytes' ? Uint8Array.from(v as Buffer) : v;
  }
  return out as AmqpMethod;
}

describe('interoperability with amqplib', () => {
  test.each(NAMES)('amqplib decodes our %s', (name) => {
    const m = sample(name);
    const [f] = new FrameDecoder().push(encodeMethodFrame(1, m));
    expect(fromAmqplib(name, amqplib.decode(id(name), f!.payload.subarray(4)))).toEqual(m);
  });

  test.each(NAMES)('we decode amqplib’s %s', (name) => {
    const m = sample(name);
    const [f] = new FrameDecoder().push(amqplib.encodeMethod(id(name), 3, toAmqplib(m)));
    expect(f!.channel).toBe(3);
    expect(decodeMethod(f!.payload)).toEqual(m);
  });

  const props: BasicProperties = {
    contentType: 'application/json',
    contentEncoding: 'utf-8',
    headers: { 'x-trace': 'abc', flag: true },
    deliveryMode: 2,
    priority: 4,
    correlationId: 'c',
    replyTo: 'r',
    expiration: '1000',
    messageId: 'm',
    timestamp: 1_700_000_000,
    type: 't',
    userId: 'guest',
    appId: 'app',
    clusterId: 'cl',
  };

  test('amqplib decodes our content header', () => {
    const header = encodeContentHeader(60, 123, props);
    expect(header.readUInt32BE(8)).toBe(123);
    expect(amqplib.decode(60, header.subarray(12))).toEqual(props);
  });

  test('we decode amqplib’s content header', () => {
    const [f] = new FrameDecoder().push(amqplib.encodeProperties(60, 2, 123, { ...props }));
    expect(f!.type).toBe(2);
    expect(decodeContentHeader(f!.payload)).toEqual({ classId: 60, bodySize: 123, properties: props });
  });
});
