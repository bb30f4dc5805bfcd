/**
 * Topic authorisation (docs/access-control.md §Topic Authorisation): per
 * (user, vhost, exchange) a `write` and a `read` regular expression matched
 * against routing keys on topic exchanges. No entry for an exchange allows
 * everything; '' means '^$' (only the empty key), as in rabbit_auth_backend_internal.
 */

/** One topic permission as listed by `rabbitmqctl list_topic_permissions`. */
export interface TopicPermission {
  user: string;
  vhost: string;
  exchange: string;
  write: string;
  read: string;
}

export type TopicPermissionKind = 'write' | 'read';

const SEP = '\u0000';

/** Throws a SyntaxError with RabbitMQ's text when a regular expression does not compile. */
export function validateTopicRegex(re: string): void {
  try {
    new RegExp(re);
  } catch {
    throw new SyntaxError(`regular expression '${re}' is invalid`);
  }
}

/** `{username}` and `{vhost}` are replaced (literally, not escaped) before the expression is compiled. */
export function expandTopicVariables(re: string, user: string, vhost: string): string {
  return re.split('{username}').join(user).split('{vhost}').join(vhost);
}

/** Topic permissions of every user, keyed by user, vhost and exchange. */
export class TopicPermissionTable {
  private readonly table = new Map<string, TopicPermission>();
  /** Compiled, expanded expressions, per key and kind; dropped with the entry. */
  private readonly compiled = new Map<string, RegExp>();

  private static key(user: string, vhost: string, exchange: string): string {
    return `${user}${SEP}${vhost}${SEP}${exchange}`;
  }

  /** Throws a SyntaxError naming the bad expression; the table is unchanged then. */
  set(p: TopicPermission): void {
    validateTopicRegex(p.write);
    validateTopicRegex(p.read);
    const k = TopicPermissionTable.key(p.user, p.vhost, p.exchange);
    this.table.set(k, { ...p });
    this.compiled.delete(`${k}${SEP}write`);
    this.compiled.delete(`${k}${SEP}read`);
  }

  /** Clear one exchange's entry, or every entry of the user in the vhost when `exchange` is undefined. */
  clear(user: string, vhost: string, exchange?: string): boolean {
    return this.drop((p) => p.user === user && p.vhost === vhost && (exchange === undefined || p.exchange === exchange));
  }

  clearVhost(vhost: string): boolean {
    return this.drop((p) => p.vhost === vhost);
  }

  clearUser(user: string): boolean {
    return this.drop((p) => p.user === user);
  }

  get(user: string, vhost: string, exchange: string): TopicPermission | undefined {
    const p = this.table.get(TopicPermissionTable.key(user, vhost, exchange));
    return p && { ...p };
  }

  /** True when `routingKey` passes `kind` for the user on the exchange (always true without an entry). */
  allows(user: string, vhost: string, exchange: string, kind: TopicPermissionKind, routingKey: string): boolean {
    const k = TopicPermissionTable.key(user, vhost, exchange);
    const p = this.table.get(k);
    if (!p) return true;
    const ck = `${k}${SEP}${kind}`;
    let re = this.compiled.get(ck);
    if (!re) {
      const src = p[kind] === '' ? '^$' : p[kind];
      try {
        re = new RegExp(expandTopicVariables(src, user, vhost));
      } catch {
        return false; // a user or vhost name that breaks the expanded expression grants nothing
      }
      this.compiled.set(ck, re);
    }
    return re.test(routingKey);
  }

  get size(): number {
    return this.table.size;
  }

  /** Every entry, in insertion order. */
  entries(): TopicPermission[] {
    return [...this.table.values()].map((p) => ({ ...p }));
  }

  private drop(match: (p: TopicPermission) => boolean): boolean {
    let any = false;
    for (const [k, p] of [...this.table]) {
      if (!match(p)) continue;
      this.table.delete(k);
      this.compiled.delete(`${k}${SEP}write`);
      this.compiled.delete(`${k}${SEP}read`);
      any = true;
    }
    return any;
  }
}
