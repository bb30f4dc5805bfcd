import { CURRENT_SCHEMA_VERSION } from './schema.ts';

type Json = Record<string, unknown>;

/** One step: turns a version-N document into a version-N+1 one. Pure; never throws on odd shapes. */
type Migration = (doc: Json) => Json;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function mapArray(v: unknown, fn: (item: Json) => Json): unknown {
  return Array.isArray(v) ? v.map((x) => (isObject(x) ? fn(x) : x)) : v;
}

function rename(o: Json, from: string, to: string, convert: (v: unknown) => unknown = (v) => v): Json {
  if (!(from in o) || to in o) return o;
  const { [from]: value, ...rest } = o;
  return { ...rest, [to]: convert(value) };
}

/**
 * Version 1 was the prototype's format: durations as `durationSeconds`, a
 * producer rate as `ratePerSecond`, processing time as `processingMs`, and
 * the ack mode as `ack: "auto" | "manual"`. Version 2 has typed rates,
 * duration strings and `autoAck`.
 */
const v1ToV2: Migration = (doc) => {
  let out = rename(doc, 'durationSeconds', 'duration', (s) => (typeof s === 'number' ? s * 1000 : s));
  out = rename(out, 'drainSeconds', 'drain', (s) => (typeof s === 'number' ? s * 1000 : s));
  const producer = (p: Json): Json => rename(p, 'ratePerSecond', 'rate');
  const consumer = (c: Json): Json => {
    let x = rename(c, 'processingMs', 'processingTime');
    x = rename(x, 'ack', 'autoAck', (a) => (a === 'auto' ? true : a === 'manual' ? false : a));
    return x;
  };
  out = { ...out, producers: mapArray(out['producers'], producer), consumers: mapArray(out['consumers'], consumer) };
  if (out['producers'] === undefined) delete out['producers'];
  if (out['consumers'] === undefined) delete out['consumers'];
  out['timeline'] = mapArray(out['timeline'], (e) => {
    if (isObject(e['producer'])) return { ...e, producer: producer(e['producer']) };
    if (isObject(e['consumer'])) return { ...e, consumer: consumer(e['consumer']) };
    return e;
  });
  if (out['timeline'] === undefined) delete out['timeline'];
  return { ...out, schemaVersion: 2 };
};

/** Migrations by the version they start from. */
const MIGRATIONS: ReadonlyMap<number, Migration> = new Map([[1, v1ToV2]]);

/** The outcome of migrating: the document at the current version, or why it cannot be. */
export type MigrationResult = { ok: true; doc: Json; from: number } | { ok: false; path: string; message: string };

/**
 * Bring a scenario document to the current schema version, one step at a
 * time. Documents from a newer version than this build are refused.
 */
export function migrateScenario(doc: unknown): MigrationResult {
  if (!isObject(doc)) return { ok: false, path: '', message: 'must be a JSON object' };
  const v = doc['schemaVersion'];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    return { ok: false, path: 'schemaVersion', message: `must be an integer version (current is ${CURRENT_SCHEMA_VERSION})` };
  }
  if (v > CURRENT_SCHEMA_VERSION) {
    return { ok: false, path: 'schemaVersion', message: `${v} is newer than this build understands (${CURRENT_SCHEMA_VERSION}); update Brokerlab` };
  }
  let out = doc;
  for (let at = v; at < CURRENT_SCHEMA_VERSION; at++) {
    const step = MIGRATIONS.get(at);
    if (!step) return { ok: false, path: 'schemaVersion', message: `no migration from version ${at}` };
    out = step(out);
  }
  return { ok: true, doc: out, from: v };
}
