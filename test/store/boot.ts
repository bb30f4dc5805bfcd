import type { BrokerOptions } from '../../engine/core/broker.ts';
import type { Channel } from '../../engine/core/channel.ts';
import type { StoreAttachment } from '../../engine/store/attach-store.ts';
import { attachStore } from '../../engine/store/attach-store.ts';
import type { MessageStore } from '../../engine/store/store.ts';
import { EngineHarness } from '../support/engine-harness.ts';
import type { CrashablePlace } from './places.ts';

/** A broker on virtual time with a store attached: one "process" of a restart test. */
export interface Booted {
  h: EngineHarness;
  att: StoreAttachment;
  store: MessageStore;
  logs: string[];
}

export async function boot(place: CrashablePlace, opts: { advanceMs?: number; broker?: Partial<BrokerOptions> } = {}): Promise<Booted> {
  const h = new EngineHarness(opts.broker);
  if (opts.advanceMs) h.clock.advanceTo(h.clock.now() + opts.advanceMs);
  const logs: string[] = [];
  const store = place.open();
  const att = await attachStore(h.broker, store, { log: (l) => logs.push(l) });
  return { h, att, store, logs };
}

/** Resolves once everything written so far is durable. */
export function synced(store: MessageStore): Promise<void> {
  return new Promise((resolve) => store.afterSync(resolve));
}

/** Crash: wait for what is written to be durable, then boot a new broker on what the disk holds. */
export async function crashAndBoot(b: Booted, place: CrashablePlace, opts: { advanceMs?: number } = {}): Promise<{ next: Booted; place: CrashablePlace }> {
  await synced(b.store);
  const after = place.crash();
  return { next: await boot(after, opts), place: after };
}

/** Take every message of `queue` (auto-ack): bodies as text, with their redelivered flag. */
export function bodies(ch: Channel, queue: string): { body: string; redelivered: boolean }[] {
  const out: { body: string; redelivered: boolean }[] = [];
  for (let r = ch.get(queue, true); r; r = ch.get(queue, true)) out.push({ body: new TextDecoder().decode(r.message.body), redelivered: r.redelivered });
  return out;
}
