import type { Consumer } from './consumer.ts';

/**
 * Which consumer of a queue gets the next message: round-robin within the
 * highest priority that has credit (docs/consumer-priority.md), and single
 * active consumer election. `list` is kept sorted by priority, highest first.
 */

/** Move `list[i]` behind the other consumers of its priority (the back of the round-robin). */
export function moveBehindPeers(list: Consumer[], i: number): void {
  const c = list[i]!;
  let j = i;
  while (j + 1 < list.length && list[j + 1]!.priority === c.priority) {
    list[j] = list[j + 1]!;
    j++;
  }
  list[j] = c;
}

/** The first consumer with credit, moved to the back of its priority; skipped ones are marked blocked. */
export function pickRoundRobin(list: Consumer[]): Consumer | undefined {
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!;
    if (!c.canAccept()) {
      c.blocked = true;
      continue;
    }
    moveBehindPeers(list, i);
    return c;
  }
  return undefined;
}

/**
 * Quorum single active consumer: a waiting consumer of higher priority takes
 * over once the active one has no unacked messages; until then the active one
 * gets nothing new, to keep the order (rabbit_fifo, RabbitMQ 3.13+). Returns
 * who may receive.
 */
export function quorumActive(list: readonly Consumer[]): Consumer | undefined {
  const a = list.find((c) => c.active);
  if (a === undefined) return undefined;
  let best: Consumer | undefined;
  for (const c of list) if (!c.active && c.priority > (best ?? a).priority) best = c;
  if (best === undefined) return a;
  if (a.unacked > 0) return undefined;
  a.active = false;
  best.active = true;
  return best;
}

/** Single active consumer: keep the active one; on its loss the best waiting one takes over. */
export function electActive(list: readonly Consumer[]): void {
  if (list.some((c) => c.active)) return;
  let best: Consumer | undefined;
  for (const c of list) {
    if (!best || c.priority > best.priority || (c.priority === best.priority && c.order < best.order)) best = c;
  }
  if (best) best.active = true;
}
