import { describe, expect, test } from 'vitest';
import { TopicTrie, topicWords } from '../../engine/core/exchanges/topic-trie.ts';
import { SeededRandom } from '../../engine/core/random.ts';

/** Queues reached by `key`, sorted, deduplicated by destination. */
function queuesFor<B extends { queue: string }>(trie: TopicTrie<B>, key: string): string[] {
  return [...new Set([...trie.match(key)].map((b) => b.queue))].sort();
}

const sorted = (xs: string[]): string[] => [...xs].sort();

describe('TopicTrie', () => {
  describe("RabbitMQ's topic_matching1 vector (deps/rabbit/test/unit_access_control_SUITE.erl)", () => {
    // 28 bindings; t27 is bound twice with the same key and different
    // arguments, so values are binding records, not queue names.
    const table: [key: string, queue: string, args: string][] = [
      ['a.b.c', 't1', ''], ['a.*.c', 't2', ''], ['a.#.b', 't3', ''], ['a.b.b.c', 't4', ''],
      ['#', 't5', ''], ['#.#', 't6', ''], ['#.b', 't7', ''], ['*.*', 't8', ''],
      ['a.*', 't9', ''], ['*.b.c', 't10', ''], ['a.#', 't11', ''], ['a.#.#', 't12', ''],
      ['b.b.c', 't13', ''], ['a.b.b', 't14', ''], ['a.b', 't15', ''], ['b.c', 't16', ''],
      ['', 't17', ''], ['*.*.*', 't18', ''], ['vodka.martini', 't19', ''], ['a.b.c', 't20', ''],
      ['*.#', 't21', ''], ['#.*.#', 't22', ''], ['*.#.#', 't23', ''], ['#.#.#', 't24', ''],
      ['*', 't25', ''], ['#.b.#', 't26', ''], ['args-test', 't27', 'foo=bar'], ['args-test', 't27', 'foo=baz'],
    ];
    const bindings = table.map(([key, queue, args]) => ({ key, queue, args }));

    const beforeRemoval: [string, string[]][] = [
      ['a.b.c', ['t1', 't2', 't5', 't6', 't10', 't11', 't12', 't18', 't20', 't21', 't22', 't23', 't24', 't26']],
      ['a.b', ['t3', 't5', 't6', 't7', 't8', 't9', 't11', 't12', 't15', 't21', 't22', 't23', 't24', 't26']],
      ['a.b.b', ['t3', 't5', 't6', 't7', 't11', 't12', 't14', 't18', 't21', 't22', 't23', 't24', 't26']],
      ['', ['t5', 't6', 't17', 't24']],
      ['b.c.c', ['t5', 't6', 't18', 't21', 't22', 't23', 't24', 't26']],
      ['a.a.a.a.a', ['t5', 't6', 't11', 't12', 't21', 't22', 't23', 't24']],
      ['vodka.gin', ['t5', 't6', 't8', 't21', 't22', 't23', 't24']],
      ['vodka.martini', ['t5', 't6', 't8', 't19', 't21', 't22', 't23', 't24']],
      ['b.b.c', ['t5', 't6', 't10', 't13', 't18', 't21', 't22', 't23', 't24', 't26']],
      ['nothing.here.at.all', ['t5', 't6', 't21', 't22', 't23', 't24']],
      ['oneword', ['t5', 't6', 't21', 't22', 't23', 't24', 't25']],
      ['args-test', ['t5', 't6', 't21', 't22', 't23', 't24', 't25', 't27']],
    ];
    // The suite then removes bindings 1, 5, 11, 19, 21 and 28 (1-based).
    const removed = [1, 5, 11, 19, 21, 28];
    const afterRemoval: [string, string[]][] = [
      ['a.b.c', ['t2', 't6', 't10', 't12', 't18', 't20', 't22', 't23', 't24', 't26']],
      ['a.b', ['t3', 't6', 't7', 't8', 't9', 't12', 't15', 't22', 't23', 't24', 't26']],
      ['a.b.b', ['t3', 't6', 't7', 't12', 't14', 't18', 't22', 't23', 't24', 't26']],
      ['', ['t6', 't17', 't24']],
      ['b.c.c', ['t6', 't18', 't22', 't23', 't24', 't26']],
      ['a.a.a.a.a', ['t6', 't12', 't22', 't23', 't24']],
      ['vodka.gin', ['t6', 't8', 't22', 't23', 't24']],
      ['vodka.martini', ['t6', 't8', 't22', 't23', 't24']],
      ['b.b.c', ['t6', 't10', 't13', 't18', 't22', 't23', 't24', 't26']],
      ['nothing.here.at.all', ['t6', 't22', 't23', 't24']],
      ['oneword', ['t6', 't22', 't23', 't24', 't25']],
      ['args-test', ['t6', 't22', 't23', 't24', 't25', 't27']],
    ];

    const build = (): TopicTrie<(typeof bindings)[number]> => {
      const trie = new TopicTrie<(typeof bindings)[number]>();
      for (const b of bindings) expect(trie.add(b.key, b)).toBe(true);
      return trie;
    };

    test('holds all 28 bindings', () => {
      expect(build().size).toBe(28);
    });

    test.each(beforeRemoval)('routes %j to the expected queues', (key, expected) => {
      expect(queuesFor(build(), key)).toEqual(sorted(expected));
    });

    test.each(afterRemoval)('routes %j to the expected queues after six unbinds', (key, expected) => {
      const trie = build();
      for (const n of removed) {
        const b = bindings[n - 1]!;
        expect(trie.remove(b.key, b)).toBe(true);
      }
      expect(trie.size).toBe(22);
      expect(queuesFor(trie, key)).toEqual(sorted(expected));
    });

    test('routes nowhere once every binding is removed', () => {
      const trie = build();
      for (const b of bindings) expect(trie.remove(b.key, b)).toBe(true);
      expect(trie.size).toBe(0);
      for (const key of ['a.b.c', 'b.b.c', '']) expect(queuesFor(trie, key)).toEqual([]);
    });
  });

  describe('tutorial five (Q1: *.orange.*; Q2: *.*.rabbit and lazy.#)', () => {
    const trie = new TopicTrie<string>();
    trie.add('*.orange.*', 'Q1');
    trie.add('*.*.rabbit', 'Q2');
    trie.add('lazy.#', 'Q2');

    test.each<[string, string[]]>([
      ['quick.orange.rabbit', ['Q1', 'Q2']],
      ['lazy.orange.elephant', ['Q1', 'Q2']],
      ['quick.orange.fox', ['Q1']],
      ['lazy.brown.fox', ['Q2']],
      ['lazy.pink.rabbit', ['Q2']],
      ['quick.brown.fox', []],
      ['orange', []],
      ['quick.orange.male.rabbit', []],
      ['lazy.orange.male.rabbit', ['Q2']],
    ])('delivers %j to %j', (key, expected) => {
      expect(sorted([...trie.match(key)])).toEqual(expected);
    });

    test('reports lazy.pink.rabbit once per matching binding through forEachMatch', () => {
      const seen: string[] = [];
      trie.forEachMatch('lazy.pink.rabbit', (q, pattern) => seen.push(`${q}:${pattern}`));
      expect(seen.sort()).toEqual(['Q2:*.*.rabbit', 'Q2:lazy.#']);
    });
  });

  describe('word and wildcard edge cases', () => {
    test.each<[pattern: string, key: string, matches: boolean]>([
      ['#', '', true],
      ['*', '', false],
      ['', '', true],
      ['', 'a', false],
      ['#', 'a.b.c', true],
      ['#.#', '', true],
      ['#.#', 'a', true],
      ['#.*', '', false],
      ['#.*', 'a', true],
      ['#.*', 'a.b.c', true],
      ['*.#', '', false],
      ['*.#', 'a', true],
      ['*.#', 'a.b', true],
      ['a.#.#.b', 'a.b', true],
      ['a.#.#.b', 'a.x.y.z.b', true],
      ['a.#.#.b', 'a.x.y.z', false],
      ['a.*.b', 'a..b', true],
      ['a..b', 'a..b', true],
      ['a..b', 'a.b', false],
      ['a.*', 'a.', true],
      ['a.*', 'a', false],
      ['*.a', '.a', true],
      ['*', '.', false],
      ['*.*', '.', true],
      ['#', '.', true],
      ['a.#', 'a', true],
      ['a.#', 'ab', false],
      ['regions.na.cities.*', 'regions.na.cities', false],
      ['audit.events.#', 'audit.events', true],
      ['#.b', 'b', true],
      ['a*.b', 'ax.b', false],
      ['a*.b', 'a*.b', true],
      ['##', 'x', false],
      ['*.*.*', 'a.b', false],
    ])('pattern %j against key %j matches: %s', (pattern, key, matches) => {
      const trie = new TopicTrie<number>();
      trie.add(pattern, 1);
      expect(trie.match(key).has(1)).toBe(matches);
    });

    test('splits the empty key into zero words and a..b into three', () => {
      expect(topicWords('')).toEqual([]);
      expect(topicWords('a..b')).toEqual(['a', '', 'b']);
      expect(topicWords('.')).toEqual(['', '']);
    });

    test('visits each (node, word position) pair at most once, even under twenty hashes', () => {
      const trie = new TopicTrie<number>();
      const patterns = [`${'#.'.repeat(20)}x`, `${'#.a.'.repeat(10)}#`];
      patterns.forEach((p, i) => trie.add(p, i));
      const key = Array.from({ length: 100 }, () => 'a').join('.');
      // Without the per-pass `#` stamps this walk is exponential; count the
      // steps and stop well before that instead of timing anything.
      const nodes = 1 + patterns.reduce((sum, p) => sum + topicWords(p).length, 0);
      const bound = nodes * (topicWords(key).length + 1);
      let steps = 0;
      const proto = TopicTrie.prototype as unknown as { step(this: unknown, node: unknown, i: number): void };
      Object.defineProperty(trie, 'step', {
        value(this: unknown, node: unknown, i: number): void {
          if (++steps > bound) throw new Error(`more than ${bound} steps`);
          proto.step.call(this, node, i);
        },
      });
      expect([...trie.match(key)]).toEqual([1]);
      expect(steps).toBeLessThanOrEqual(bound);
    });
  });

  describe('bookkeeping', () => {
    test('refuses a duplicate (pattern, value) pair and accepts the same value on another pattern', () => {
      const trie = new TopicTrie<string>();
      expect(trie.add('a.*', 'q')).toBe(true);
      expect(trie.add('a.*', 'q')).toBe(false);
      expect(trie.add('a.#', 'q')).toBe(true);
      expect(trie.size).toBe(2);
    });

    test('reports a false removal for an absent pair without touching others', () => {
      const trie = new TopicTrie<string>();
      trie.add('a.b', 'q1');
      expect(trie.remove('a.b', 'q2')).toBe(false);
      expect(trie.remove('a.c', 'q1')).toBe(false);
      expect(trie.remove('a.b.c', 'q1')).toBe(false);
      expect(trie.remove('a', 'q1')).toBe(false);
      expect(trie.size).toBe(1);
      expect([...trie.match('a.b')]).toEqual(['q1']);
    });

    test('deduplicates a value matched through several patterns in match()', () => {
      const trie = new TopicTrie<string>();
      for (const p of ['#', 'a.#', '*.b', 'a.b', '#.b.#']) trie.add(p, 'q');
      expect([...trie.match('a.b')]).toEqual(['q']);
      let visits = 0;
      trie.forEachMatch('a.b', () => visits++);
      expect(visits).toBe(5);
    });

    test('appends one entry per matching binding when matching into an array', () => {
      const trie = new TopicTrie<string>();
      for (const p of ['#', 'a.#', '*.c']) trie.add(p, 'q');
      trie.add('a.b', 'r');
      const out = ['existing'];
      expect(trie.match('a.b', out)).toBe(out);
      expect(out.sort()).toEqual(['existing', 'q', 'q', 'r']);
    });

    test('keeps many values on one pattern and removes them one by one', () => {
      const trie = new TopicTrie<number>();
      for (let i = 0; i < 100; i++) trie.add('#', i);
      expect(trie.add('#', 50)).toBe(false);
      expect(trie.has('#', 99)).toBe(true);
      for (let i = 0; i < 100; i += 2) expect(trie.remove('#', i)).toBe(true);
      expect(trie.remove('#', 0)).toBe(false);
      expect(trie.size).toBe(50);
      expect([...trie.match('x.y')].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => 2 * i + 1));
    });

    test('iterates every (pattern, value) pair and forgets them all on clear', () => {
      const trie = new TopicTrie<string>();
      const pairs: [string, string][] = [['a.b', 'q1'], ['a.*', 'q2'], ['#', 'q3'], ['', 'q4'], ['a..b', 'q5'], ['a.b', 'q6']];
      for (const [p, v] of pairs) trie.add(p, v);
      expect([...trie].sort()).toEqual([...pairs].sort());
      expect([...trie.entries()]).toHaveLength(6);
      trie.clear();
      expect(trie.size).toBe(0);
      expect([...trie]).toEqual([]);
      expect(trie.match('a.b').size).toBe(0);
    });

    test('prunes emptied branches so re-adding starts clean', () => {
      const trie = new TopicTrie<string>();
      trie.add('a.b.c', 'q');
      trie.add('a.#', 'r');
      trie.remove('a.b.c', 'q');
      expect([...trie]).toEqual([['a.#', 'r']]);
      trie.remove('a.#', 'r');
      expect(trie.has('a.#', 'r')).toBe(false);
      trie.add('a.b.c', 'q');
      expect([...trie.match('a.b.c')]).toEqual(['q']);
    });

    test('lets a visitor unbind and match re-entrantly without disturbing the walk', () => {
      const trie = new TopicTrie<string>();
      trie.add('a.*', 'q1');
      trie.add('a.*', 'q2');
      trie.add('#', 'q3');
      const seen: string[] = [];
      trie.forEachMatch('a.b', (v) => {
        seen.push(v);
        trie.remove('a.*', 'q2');
        expect(trie.match('a.b').has('q3')).toBe(true);
        trie.forEachMatch('a.c', () => undefined);
      });
      expect(seen.sort()).toEqual(['q1', 'q2', 'q3']);
      expect(sorted([...trie.match('a.b')])).toEqual(['q1', 'q3']);
    });

    test('fills a caller-provided set and returns it', () => {
      const trie = new TopicTrie<string>();
      trie.add('a.*', 'q1');
      const out = new Set(['existing']);
      expect(trie.match('a.b', out)).toBe(out);
      expect(sorted([...out])).toEqual(['existing', 'q1']);
    });
  });

  describe('agreement with a regular-expression reference', () => {
    /** Reference: each word becomes `\.word`; `*` one word, `#` any number of words. */
    function referenceRegex(pattern: string): RegExp {
      const body = topicWords(pattern)
        .map((w) => (w === '#' ? '(?:\\.[^.]*)*' : w === '*' ? '\\.[^.]*' : `\\.${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
        .join('');
      return new RegExp(`^${body}$`);
    }
    const dotted = (key: string): string => topicWords(key).map((w) => `.${w}`).join('');

    function randomWords(rng: SeededRandom, alphabet: readonly string[], max: number): string {
      const n = rng.int(max + 1);
      return Array.from({ length: n }, () => alphabet[rng.int(alphabet.length)]!).join('.');
    }

    test('matches the reference on 600 random patterns and 3000 random keys, before and after removals', () => {
      const rng = new SeededRandom(20240917);
      const patternWords = ['a', 'b', 'c', '', '*', '#', '*', '#'];
      const keyWords = ['a', 'b', 'c', ''];
      const patterns = Array.from({ length: 600 }, () => randomWords(rng, patternWords, 6));
      const keys = Array.from({ length: 3000 }, () => randomWords(rng, keyWords, 7));
      const regexes = patterns.map(referenceRegex);
      const trie = new TopicTrie<number>();
      patterns.forEach((p, i) => trie.add(p, i));
      const live = new Set(patterns.map((_, i) => i));

      const check = (): number => {
        let mismatches = 0;
        for (const key of keys) {
          const d = dotted(key);
          const expected = [...live].filter((i) => regexes[i]!.test(d)).sort((a, b) => a - b);
          const got = [...trie.match(key)].sort((a, b) => a - b);
          let perBinding = 0;
          trie.forEachMatch(key, () => perBinding++);
          const list = trie.match(key, [] as number[]).sort((a, b) => a - b);
          if (got.join() !== expected.join() || list.join() !== expected.join() || perBinding !== expected.length) mismatches++;
        }
        return mismatches;
      };

      expect(check()).toBe(0);
      for (let i = 0; i < patterns.length; i += 3) {
        expect(trie.remove(patterns[i]!, i)).toBe(true);
        live.delete(i);
      }
      expect(trie.size).toBe(live.size);
      expect(check()).toBe(0);
    });
  });
});
