import { describe, expect, test } from 'vitest';
import type { Message } from '../../engine/core/message.ts';
import { NEVER, QueueEntry } from '../../engine/core/queue-entry.ts';
import { ReadyList } from '../../engine/core/ready-list.ts';

let seq = 0;
function entry(bytes: number, persistent: boolean, priority = 0): QueueEntry {
  const msg: Message = { id: ++seq, exchange: '', routingKey: 'q', properties: persistent ? { deliveryMode: 2 } : {}, body: new Uint8Array(bytes), publishedAt: 0 };
  return new QueueEntry(msg, seq, NEVER, priority);
}

describe.each([
  ['a plain queue', () => new ReadyList()],
  ['a priority queue', () => new ReadyList(5)],
  ['a quorum queue', () => new ReadyList(undefined, 'quorum')],
])('the ready list of %s counts persistent messages and bytes', (_kind, make) => {
  test('through push, shift, requeue and removal', () => {
    const r = make();
    const a = entry(10, true, 5);
    const b = entry(7, false);
    const c = entry(3, true, 1);
    for (const e of [a, b, c]) r.push(e);
    expect({ length: r.length, bytes: r.bytes, persistent: r.persistent }).toEqual({ length: 3, bytes: 20, persistent: { messages: 2, bytes: 13 } });
    const first = r.shift()!;
    expect(r.persistent.messages).toBe(first === b ? 2 : 1);
    r.requeue(first);
    expect(r.persistent).toEqual({ messages: 2, bytes: 13 });
    r.removeWhere((e) => e === c);
    expect(r.persistent).toEqual({ messages: 1, bytes: 10 });
    r.drain();
    expect({ length: r.length, bytes: r.bytes, persistent: r.persistent }).toEqual({ length: 0, bytes: 0, persistent: { messages: 0, bytes: 0 } });
  });
});
