/** Class and method ids of methods and method frames, for error attribution and cheap dispatch. */
import type { AmqpMethod, Frame } from '../codec/index.ts';
import { methodIds } from '../codec/index.ts';

/** Class and method id of a decoded method. */
export function ids(m: AmqpMethod): [classId: number, methodId: number] {
  const i = methodIds(m.name);
  return [i.classId, i.methodId];
}

/** Class and method id of a method frame as `classId << 16 | methodId`, without decoding its arguments; -1 if too short. */
export function peekMethod(f: Frame): number {
  return f.payload.length >= 4 ? f.payload.readUInt32BE(0) : -1;
}
