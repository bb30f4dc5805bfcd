/**
 * A compiled trie of topic-exchange binding keys.
 *
 * Matching rules, as RabbitMQ applies them (`docs/exchanges.md` §Topic;
 * `deps/rabbit/test/unit_access_control_SUITE.erl` `topic_matching1`):
 * - keys and patterns are split on `.` into words; an empty word is a real word
 *   (`a..b` has three words), but the empty string has zero words;
 * - `*` matches exactly one word (including an empty one), `#` zero or more;
 * - any other word, including `a*` or `##`, is a literal.
 *
 * The engine holds one trie per topic exchange; `T` is whatever the exchange
 * wants back (usually its binding record).
 */

/** Above this many values on one pattern, membership checks use a Set. */
const INDEX_THRESHOLD = 8;

const NO_WORDS: readonly string[] = [];
const NO_VALUES: never[] = [];

/** One trie node: the state after consuming some pattern words. */
class TopicNode<T> {
  /** Children reached by a literal word. Never holds the keys `*` or `#`. */
  words: Map<string, TopicNode<T>> | undefined = undefined;
  /** Child reached by a `*` word. */
  star: TopicNode<T> | undefined = undefined;
  /** Child reached by a `#` word. The only way into a `#` node. */
  hash: TopicNode<T> | undefined = undefined;
  /**
   * Values bound with the pattern that ends here, in insertion order.
   * Copy-on-remove: a removal installs a new array, so a caller iterating the
   * old one (a visitor that unbinds) is not disturbed.
   */
  values: T[] | undefined = undefined;
  /** Membership index once `values` grows, so `add` stays O(1) for fanout-like patterns. */
  index: Set<T> | undefined = undefined;
  /** The binding key that ends here (set while `values` is non-empty). */
  pattern = '';
  /** `#` nodes only: the match pass that last entered this node ... */
  seenPass = 0;
  /** ... and the lowest word position it was entered at in that pass. */
  seenFrom = 0;

  isLeaf(): boolean {
    return this.words === undefined && this.star === undefined && this.hash === undefined;
  }
}

/**
 * Where a traversal reports matching patterns. `match` points it straight at
 * the caller's array or Set (no user code runs during a traversal). Otherwise
 * it records each node's values array, length and pattern: values arrays are
 * replaced on removal and only grow by push, so (array, length) is a snapshot
 * that a `forEachMatch` visitor editing the trie cannot disturb.
 */
class Hits<T> {
  toArray: T[] | undefined = undefined;
  toSet: Set<T> | undefined = undefined;
  values: T[][] = [];
  counts: number[] = [];
  patterns: string[] = [];
  length = 0;

  push(node: TopicNode<T>): void {
    const values = node.values as T[];
    if (this.toArray !== undefined) {
      for (let v = 0; v < values.length; v++) this.toArray.push(values[v] as T);
    } else if (this.toSet !== undefined) {
      for (let v = 0; v < values.length; v++) this.toSet.add(values[v] as T);
    } else {
      const k = this.length++;
      this.values[k] = values;
      this.counts[k] = values.length;
      this.patterns[k] = node.pattern;
    }
  }

  /** Forget the hits, dropping references to value arrays and outputs. */
  reset(): void {
    for (let k = 0; k < this.length; k++) this.values[k] = NO_VALUES;
    this.length = 0;
    this.toArray = undefined;
    this.toSet = undefined;
  }
}

/**
 * Split a routing or binding key into words. The empty key has zero words, so
 * `#` matches it and `*` does not (broker-semantics §3, seen on RabbitMQ 3.10).
 */
export function topicWords(key: string): readonly string[] {
  return key === '' ? NO_WORDS : key.split('.');
}

/**
 * A set of (binding key, value) pairs, matched against routing keys.
 *
 * Matching visits each (trie node, word position) pair at most once, so
 * patterns with many `#` (`#.#.#.#.x`) stay linear in the key length instead of
 * exploding. Nothing is memoized across calls.
 */
export class TopicTrie<T> {
  private root = new TopicNode<T>();
  private count = 0;
  /** Match pass counter, stamps `#` nodes (see `TopicNode.seenPass`). */
  private pass = 0;
  /** Words of the key being matched, and their count; valid during one traversal. */
  private words: readonly string[] = NO_WORDS;
  private n = 0;
  /** Reused report buffer; a re-entrant call made from a visitor gets its own. */
  private readonly buffer = new Hits<T>();
  /** Where the traversal in progress reports matching patterns. */
  private sink: Hits<T> = this.buffer;
  /** True while `forEachMatch` is calling its visitor and owns `buffer`. */
  private visiting = false;

  /** Number of (pattern, value) pairs. */
  get size(): number {
    return this.count;
  }

  /**
   * Bind `value` with `pattern`.
   * @returns false if this exact (pattern, value) pair is already present.
   */
  add(pattern: string, value: T): boolean {
    let node = this.root;
    for (const w of topicWords(pattern)) {
      if (w === '#') node = node.hash ??= new TopicNode<T>();
      else if (w === '*') node = node.star ??= new TopicNode<T>();
      else {
        const words = (node.words ??= new Map());
        let next = words.get(w);
        if (next === undefined) {
          next = new TopicNode<T>();
          words.set(w, next);
        }
        node = next;
      }
    }
    if (node.values === undefined) {
      node.values = [value];
      node.pattern = pattern;
    } else {
      if (node.index !== undefined ? node.index.has(value) : node.values.includes(value)) return false;
      node.values.push(value);
      if (node.index !== undefined) node.index.add(value);
      else if (node.values.length >= INDEX_THRESHOLD) node.index = new Set(node.values);
    }
    this.count++;
    return true;
  }

  /**
   * Unbind `value` from `pattern`, pruning nodes left empty.
   * @returns false if the pair was not present.
   */
  remove(pattern: string, value: T): boolean {
    const words = topicWords(pattern);
    const path: TopicNode<T>[] = [this.root];
    let node: TopicNode<T> | undefined = this.root;
    for (const w of words) {
      node = w === '#' ? node.hash : w === '*' ? node.star : node.words?.get(w);
      if (node === undefined) return false;
      path.push(node);
    }
    const values = node.values;
    if (values === undefined) return false;
    const at = node.index !== undefined && !node.index.has(value) ? -1 : values.indexOf(value);
    if (at < 0) return false;
    if (values.length === 1) {
      node.values = undefined;
      node.pattern = '';
    } else {
      node.values = values.filter((_, i) => i !== at);
      node.index?.delete(value);
      if (node.values.length < INDEX_THRESHOLD) node.index = undefined;
    }
    this.count--;
    this.prune(path, words);
    return true;
  }

  /** True if the (pattern, value) pair is present. */
  has(pattern: string, value: T): boolean {
    let node: TopicNode<T> | undefined = this.root;
    for (const w of topicWords(pattern)) {
      node = w === '#' ? node.hash : w === '*' ? node.star : node.words?.get(w);
      if (node === undefined) return false;
    }
    if (node.values === undefined) return false;
    return node.index !== undefined ? node.index.has(value) : node.values.includes(value);
  }

  /** Remove every pair. */
  clear(): void {
    this.root = new TopicNode<T>();
    this.count = 0;
  }

  /**
   * Collect the values bound with a pattern matching `routingKey` into `out`:
   * - a `Set` gets each value once, however many of its patterns match (AMQP
   *   delivers to a queue once however many bindings match; tutorial five:
   *   "lazy.pink.rabbit will be delivered to the second queue only once");
   * - an array gets one entry per matching (pattern, value) pair, appended, so a
   *   value bound through two matching patterns appears twice. This is the
   *   fast path for callers whose values are binding records and who dedupe
   *   by destination themselves.
   * @returns `out` (a new Set when omitted).
   */
  match<O extends Set<T> | T[] = Set<T>>(routingKey: string, out?: O): O {
    const hits = this.visiting ? new Hits<T>() : this.buffer;
    const result = out ?? (new Set<T>() as O);
    if (Array.isArray(result)) hits.toArray = result;
    else hits.toSet = result;
    try {
      this.collect(routingKey, hits);
    } finally {
      hits.reset();
    }
    return result;
  }

  /**
   * Call `visit` once per matching (pattern, value) pair. A value bound through
   * two matching patterns is visited twice; callers that route to
   * destinations dedupe by destination (or use `match`). The visitor may add,
   * remove or match re-entrantly: it sees the matches as they were when the
   * call began.
   */
  forEachMatch(routingKey: string, visit: (value: T, pattern: string) => void): void {
    const nested = this.visiting;
    const hits = nested ? new Hits<T>() : this.buffer;
    this.collect(routingKey, hits);
    if (hits.length === 0) return;
    this.visiting = true;
    try {
      for (let k = 0; k < hits.length; k++) {
        const values = hits.values[k] as T[];
        const count = hits.counts[k] as number;
        const pattern = hits.patterns[k] as string;
        for (let v = 0; v < count; v++) visit(values[v] as T, pattern);
      }
    } finally {
      if (!nested) {
        this.visiting = false;
        hits.reset();
      }
    }
  }

  /** Every (pattern, value) pair, in no particular order. Do not mutate the trie while iterating. */
  *entries(): IterableIterator<[pattern: string, value: T]> {
    const stack: TopicNode<T>[] = [this.root];
    while (stack.length > 0) {
      const node = stack.pop() as TopicNode<T>;
      if (node.values !== undefined) for (const v of node.values) yield [node.pattern, v];
      if (node.hash !== undefined) stack.push(node.hash);
      if (node.star !== undefined) stack.push(node.star);
      if (node.words !== undefined) for (const child of node.words.values()) stack.push(child);
    }
  }

  /** Same as `entries()`. */
  [Symbol.iterator](): IterableIterator<[pattern: string, value: T]> {
    return this.entries();
  }

  /** Fill `hits` with the patterns matching `routingKey`, each once. */
  private collect(routingKey: string, hits: Hits<T>): void {
    this.sink = hits;
    this.words = topicWords(routingKey);
    this.n = this.words.length;
    this.pass++;
    this.step(this.root, 0);
    this.words = NO_WORDS;
  }

  /** Continue from a node reached after consuming `i` words. */
  private step(node: TopicNode<T>, i: number): void {
    // `#` may consume zero words, so its subtree is tried at this same position.
    if (node.hash !== undefined) this.enterHash(node.hash, i);
    if (i === this.n) {
      if (node.values !== undefined) this.sink.push(node);
      return;
    }
    if (node.words !== undefined) {
      const child = node.words.get(this.words[i] as string);
      if (child !== undefined) this.step(child, i + 1);
    }
    // `*` takes exactly one word, the empty word included (`a..b`).
    if (node.star !== undefined) this.step(node.star, i + 1);
  }

  /**
   * Enter a `#` node at word `i`: it may swallow words i..n-1, so its
   * continuations run from every position j >= i. Positions already run in
   * this pass (from an earlier, lower entry) are skipped; that is what keeps
   * `#.#.#...` linear and reports each pattern once.
   */
  private enterHash(node: TopicNode<T>, i: number): void {
    let last = this.n;
    if (node.seenPass === this.pass) {
      if (node.seenFrom <= i) return;
      last = node.seenFrom - 1;
    } else {
      node.seenPass = this.pass;
    }
    node.seenFrom = i;
    if (node.isLeaf()) {
      // A trailing `#` (`a.#`) matches whatever is left: only the end matters.
      if (last === this.n && node.values !== undefined) this.sink.push(node);
      return;
    }
    for (let j = i; j <= last; j++) this.step(node, j);
  }

  /** Detach the empty tail of `path` (nodes with no values and no children). */
  private prune(path: TopicNode<T>[], words: readonly string[]): void {
    for (let d = words.length; d > 0; d--) {
      const node = path[d] as TopicNode<T>;
      if (node.values !== undefined || !node.isLeaf()) return;
      const parent = path[d - 1] as TopicNode<T>;
      const w = words[d - 1] as string;
      if (w === '#') parent.hash = undefined;
      else if (w === '*') parent.star = undefined;
      else if (parent.words !== undefined) {
        parent.words.delete(w);
        if (parent.words.size === 0) parent.words = undefined;
      }
    }
  }
}
