/** The three permission kinds RabbitMQ checks (docs/access-control.md). */
export type PermissionKind = 'configure' | 'write' | 'read';

/** One user's permissions in one vhost, as regular expressions. */
export interface PermissionSpec {
  configure: string;
  write: string;
  read: string;
}

interface Compiled {
  spec: PermissionSpec;
  configure: RegExp | undefined;
  write: RegExp | undefined;
  read: RegExp | undefined;
}

/** '' and '^$' grant nothing; anything else is an unanchored regular expression, as in RabbitMQ. */
function compile(re: string): RegExp | undefined {
  if (re === '' || re === '^$') return undefined;
  return new RegExp(re);
}

/** Per (user, vhost) permissions with compiled regexes. */
export class PermissionTable {
  private table = new Map<string, Compiled>();

  private static key(user: string, vhost: string): string {
    return `${user}\u0000${vhost}`;
  }

  /** Throws a SyntaxError naming the bad expression. */
  set(user: string, vhost: string, spec: PermissionSpec): void {
    const c: Compiled = { spec: { ...spec }, configure: undefined, write: undefined, read: undefined };
    for (const k of ['configure', 'write', 'read'] as const) {
      try {
        c[k] = compile(spec[k]);
      } catch {
        throw new SyntaxError(`invalid ${k} permission regular expression '${spec[k]}'`);
      }
    }
    this.table.set(PermissionTable.key(user, vhost), c);
  }

  clear(user: string, vhost: string): void {
    this.table.delete(PermissionTable.key(user, vhost));
  }

  clearVhost(vhost: string): void {
    for (const [k, c] of [...this.table]) if (k.endsWith(`\u0000${vhost}`) && c) this.table.delete(k);
  }

  clearUser(user: string): void {
    for (const k of [...this.table.keys()]) if (k.startsWith(`${user}\u0000`)) this.table.delete(k);
  }

  get(user: string, vhost: string): PermissionSpec | undefined {
    return this.table.get(PermissionTable.key(user, vhost))?.spec;
  }

  /** True when `user` may access `vhost` at all (has a permission entry). */
  hasVhostAccess(user: string, vhost: string): boolean {
    return this.table.has(PermissionTable.key(user, vhost));
  }

  /** Check one operation on one resource name (`amq.default` for the default exchange). */
  allows(user: string, vhost: string, kind: PermissionKind, resource: string): boolean {
    const c = this.table.get(PermissionTable.key(user, vhost));
    const re = c?.[kind];
    return re !== undefined && re.test(resource);
  }

  entries(): { user: string; vhost: string; spec: PermissionSpec }[] {
    return [...this.table].map(([k, c]) => {
      const [user = '', vhost = ''] = k.split('\u0000');
      return { user, vhost, spec: { ...c.spec } };
    });
  }
}
