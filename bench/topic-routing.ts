/**
 * Topic routing: Brokerlab's `TopicTrie` beside the npm package qlobber, on the
 * same 10,000 seeded bindings and the same routing keys, in the same process.
 *
 * Run alone: `node --import tsx bench/topic-routing.ts`.
 */
// @ts-expect-error qlobber ships no type declarations; `QlobberLike` below types what is used.
import { Qlobber as QlobberUntyped, QlobberDedup as QlobberDedupUntyped } from 'qlobber';
import { TopicTrie } from '../engine/core/exchanges/topic-trie.ts';
import { SeededRandom } from '../engine/core/random.ts';
import { fmt, isMain, printResult } from './bench-util.ts';

/** The part of qlobber's API this benchmark uses. */
interface QlobberLike<R> {
  add(topic: string, value: string): unknown;
  match(topic: string): R;
}

interface QlobberOptions {
  separator: string;
  wildcard_one: string;
  wildcard_some: string;
  match_empty_levels: boolean;
  max_words: number;
  max_wildcard_somes: number;
}

const Qlobber = QlobberUntyped as new (options: QlobberOptions) => QlobberLike<string[]>;
const QlobberDedup = QlobberDedupUntyped as new (options: QlobberOptions) => QlobberLike<Set<string>>;

/**
 * AMQP topic semantics for qlobber: `*` one word, `#` zero or more, and (as in
 * RabbitMQ) `*` also matches an empty word. qlobber still reads "" as one empty
 * word where RabbitMQ reads zero words, so the keys below are never empty.
 */
const QLOBBER_AMQP: QlobberOptions = {
  separator: '.',
  wildcard_one: '*',
  wildcard_some: '#',
  match_empty_levels: true,
  max_words: 255,
  max_wildcard_somes: 255,
};

const BINDINGS = 10_000;
const QUEUES = 3_000;
const KEYS = 4_096;
const SAMPLE = 1_000;
const ROUNDS = 6;
const ROUND_MS = 250;

const REGIONS = ['us-east', 'us-west', 'eu-west', 'eu-central', 'ap-south', 'ap-northeast', 'sa-east', 'af-south'];
const SERVICES = Array.from({ length: 60 }, (_, i) => `svc${i}`);
const EVENTS = ['created', 'updated', 'deleted', 'failed', 'retried', 'shipped', 'paid', 'refunded', 'viewed', 'archived',
  'opened', 'closed', 'assigned', 'expired', 'renewed', 'cancelled', 'scheduled', 'started', 'stopped', 'timeout'];
const SUFFIXES = ['v1', 'v2', 'eu', 'batch', 'retry'];

function pick<T>(rng: SeededRandom, xs: readonly T[]): T {
  return xs[rng.int(xs.length)] as T;
}

/** `<region>.<service>.<event>` bindings with a realistic mix of `*` and `#`. */
function bindingPattern(rng: SeededRandom): string {
  const r = pick(rng, REGIONS);
  const s = pick(rng, SERVICES);
  const e = pick(rng, EVENTS);
  const x = rng.next();
  if (x < 0.45) return `${r}.${s}.${e}`;
  if (x < 0.67) return `${r}.${s}.*`;
  if (x < 0.79) return `*.${s}.${e}`;
  if (x < 0.89) return `${r}.${s}.#`;
  if (x < 0.895) return `${r}.#`;
  if (x < 0.905) return `#.${e}`;
  if (x < 0.915) return `*.*.${e}`;
  if (x < 0.93) return `#.${s}.#`;
  if (x < 0.96) return `${r}.*.${e}.#`;
  if (x < 0.9998) return `*.${s}.*.${pick(rng, SUFFIXES)}`;
  return '#';
}

/** Routing keys from the same vocabulary; some carry a fourth word. */
function routingKey(rng: SeededRandom): string {
  const key = `${pick(rng, REGIONS)}.${pick(rng, SERVICES)}.${pick(rng, EVENTS)}`;
  return rng.next() < 0.25 ? `${key}.${pick(rng, SUFFIXES)}` : key;
}

/** Match counts land here so no run can be optimised away. */
let blackhole = 0;

/**
 * Key matches per second for each contender: the best of `ROUNDS` rounds of
 * `ROUND_MS` each. Rounds are interleaved, so a burst of load on the machine
 * hits every contender alike.
 */
function rates(runs: readonly ((keys: readonly string[]) => number)[], keys: readonly string[]): number[] {
  const best = runs.map(() => 0);
  for (let round = 0; round < ROUNDS; round++) {
    runs.forEach((run, i) => {
      let matches = 0;
      const started = performance.now();
      let elapsed = 0;
      while (elapsed < ROUND_MS) {
        blackhole += run(keys);
        matches += keys.length;
        elapsed = performance.now() - started;
      }
      best[i] = Math.max(best[i] as number, (matches / elapsed) * 1000);
    });
  }
  return best;
}

/** Build both matchers, check they agree, and time them. */
export async function runTopicBench(): Promise<Record<string, number>> {
  const rng = new SeededRandom(0x70b1c);
  const trie = new TopicTrie<string>();
  const qlobber = new Qlobber(QLOBBER_AMQP);
  const qlobberDedup = new QlobberDedup(QLOBBER_AMQP);
  for (let i = 0; i < BINDINGS; i++) {
    const pattern = bindingPattern(rng);
    const queue = `q${rng.int(QUEUES)}`;
    // Same (pattern, queue) twice is one binding in AMQP; give qlobber the same set.
    if (!trie.add(pattern, queue)) continue;
    qlobber.add(pattern, queue);
    qlobberDedup.add(pattern, queue);
  }
  const keys = Array.from({ length: KEYS }, () => routingKey(rng));

  // Both must agree before either is timed: per binding, and deduplicated.
  let totalMatched = 0;
  for (const key of keys.slice(0, SAMPLE)) {
    const mine = trie.match(key, [] as string[]).sort();
    const theirs = qlobber.match(key).sort();
    const mineSet = [...trie.match(key)].sort();
    const theirSet = [...qlobberDedup.match(key)].sort();
    if (mine.join() !== theirs.join() || mineSet.join() !== theirSet.join()) {
      throw new Error(`TopicTrie and qlobber disagree on ${key}: ${mine.length} vs ${theirs.length} bindings`);
    }
    totalMatched += mineSet.length;
  }

  // Like for like: `Qlobber.match` returns one entry per matching binding, as
  // `TopicTrie.match` into an array does; `QlobberDedup` and a Set dedupe.
  const list: string[] = [];
  const trieRun = (ks: readonly string[]): number => {
    let n = 0;
    for (const k of ks) {
      list.length = 0;
      n += trie.match(k, list).length;
    }
    return n;
  };
  const set = new Set<string>();
  const trieDedupRun = (ks: readonly string[]): number => {
    let n = 0;
    for (const k of ks) {
      set.clear();
      n += trie.match(k, set).size;
    }
    return n;
  };
  const qlobberRun = (ks: readonly string[]): number => {
    let n = 0;
    for (const k of ks) n += qlobber.match(k).length;
    return n;
  };
  const qlobberDedupRun = (ks: readonly string[]): number => {
    let n = 0;
    for (const k of ks) n += qlobberDedup.match(k).size;
    return n;
  };

  // Warm every contender up, then time them in interleaved rounds.
  const runs = [trieRun, trieDedupRun, qlobberRun, qlobberDedupRun];
  for (let i = 0; i < 3; i++) for (const run of runs) run(keys);
  const [t = 0, td = 0, q = 0, qd = 0] = rates(runs, keys);

  return {
    trieMatchesPerSec: Math.round(t),
    qlobberMatchesPerSec: Math.round(q),
    ratio: Math.round((t / q) * 100) / 100,
    trieDedupMatchesPerSec: Math.round(td),
    qlobberDedupMatchesPerSec: Math.round(qd),
    dedupRatio: Math.round((td / qd) * 100) / 100,
    bindings: trie.size,
    meanQueuesPerKey: Math.round((totalMatched / SAMPLE) * 10) / 10,
  };
}

if (isMain(import.meta.url)) {
  const r = await runTopicBench();
  console.log(`bindings                ${fmt(r.bindings ?? 0)} (mean ${r.meanQueuesPerKey} queues per key)`);
  console.log(`TopicTrie into an array ${fmt(r.trieMatchesPerSec ?? 0)} matches/s`);
  console.log(`qlobber (Qlobber)       ${fmt(r.qlobberMatchesPerSec ?? 0)} matches/s`);
  console.log(`ratio trie/qlobber      ${r.ratio}`);
  console.log(`TopicTrie into a Set    ${fmt(r.trieDedupMatchesPerSec ?? 0)} matches/s`);
  console.log(`qlobber (QlobberDedup)  ${fmt(r.qlobberDedupMatchesPerSec ?? 0)} matches/s`);
  console.log(`ratio, deduplicated     ${r.dedupRatio}`);
  printResult('topic-routing', r);
}
