import { describe, expect, test } from 'vitest';
import { Broker } from '../../engine/core/broker.ts';
import { VirtualScheduler } from '../../engine/core/clock.ts';
import type { Command } from '../../engine/core/commands.ts';
import { topologySnapshot } from '../../engine/host/topology-snapshot.ts';
import { exportDefinitions } from '../../engine/sim/definitions/export.ts';
import { planDefinitions } from '../../engine/sim/definitions/import.ts';
import { checkScenario } from '../../engine/sim/scenario/check.ts';
import { parseScenario } from '../../engine/sim/scenario/load.ts';
import { dryRun } from '../../renderer/src/model/dry-run.ts';
import { applyToModel, planCommands } from '../../renderer/src/model/plan-commands.ts';
import { compileScenario, defaultMeta, scenarioModel } from '../../renderer/src/model/scenario-doc.ts';
import type { TopologyModel } from '../../renderer/src/model/topology-model.ts';
import { emptyModel, modelFromSnapshot } from '../../renderer/src/model/topology-model.ts';
import type { UserModel } from '../../renderer/src/model/user-model.ts';
import { hashNewPassword, isDefaultGuest, newUser, parseTags, passwordMatches, userId } from '../../renderer/src/model/user-model.ts';
import { placeUserError } from '../../renderer/src/model/user-plan.ts';

const broker = (): Broker => new Broker({ scheduler: new VirtualScheduler(0) });
const fresh = (b: Broker, vhost = '/'): TopologyModel => modelFromSnapshot(topologySnapshot(b), vhost);

const appUser = (more: Partial<UserModel> = {}): UserModel => ({
  ...newUser('app', '/'),
  passwordHash: hashNewPassword('s3cret'),
  tags: ['management'],
  permissions: [{ vhost: '/', configure: '^app\\.', write: '^app\\.', read: '^app\\.' }],
  topicPermissions: [{ vhost: '/', exchange: 'amq.topic', write: '^app\\.', read: '.*' }],
  ...more,
});

/** Send the planned commands to a real engine, as the studio does; the model after each command must read as the engine's snapshot. */
function send(b: Broker, from: TopologyModel, to: TopologyModel): TopologyModel {
  let m = from;
  for (const c of planCommands(from, to)) {
    b.execute(c as Command);
    m = applyToModel(m, c);
  }
  expect(m.users).toEqual(fresh(b, to.vhost).users);
  return m;
}

describe('users in the studio model', () => {
  test('the snapshot lists the broker\'s users with their permissions; a fresh broker\'s guest is the default one', () => {
    const m = fresh(broker());
    expect(m.users.map((u) => [u.name, u.tags, u.permissions])).toEqual([['guest', ['administrator'], [{ vhost: '/', configure: '.*', write: '.*', read: '.*' }]]]);
    expect(isDefaultGuest(m.users[0]!)).toBe(true);
    expect(isDefaultGuest({ ...m.users[0]!, passwordHash: hashNewPassword('other') })).toBe(false);
    expect(isDefaultGuest({ ...m.users[0]!, permissions: [] })).toBe(false);
  });

  test('a password is hashed by the engine\'s own RabbitMQ hashing, with a new salt each time, and only the hash is kept', () => {
    const a = hashNewPassword('s3cret');
    const b = hashNewPassword('s3cret');
    expect(a).not.toBe(b);
    expect(atob(a)).toHaveLength(36); // 4-byte salt ++ SHA-256
    for (const h of [a, b]) expect(passwordMatches({ ...newUser('x', '/'), passwordHash: h }, 's3cret')).toBe(true);
    expect(passwordMatches({ ...newUser('x', '/'), passwordHash: a }, 'S3cret')).toBe(false);
    const eng = broker();
    eng.execute({ type: 'user.add', name: 'x', passwordHash: a, tags: [] });
    expect(eng.authenticate('x', 's3cret')?.name).toBe('x');
  });

  test('planning: a new user is added with its permissions; each later change is only the command it needs', () => {
    const b = broker();
    const base = fresh(b);
    const withApp = { ...base, users: [appUser(), ...base.users] };
    expect(planCommands(base, withApp).map((c) => c.type)).toEqual(['user.add', 'permission.set', 'topic-permission.set']);
    let m = send(b, base, withApp);
    expect(planCommands(m, withApp)).toEqual([]);
    expect(b.authenticate('app', 's3cret')?.tags).toEqual(['management']);

    // Tags: the account again (user.add keeps its permissions), nothing else.
    const tagged = { ...m, users: m.users.map((u) => (u.name === 'app' ? { ...u, tags: ['monitoring', 'ops'] } : u)) };
    expect(planCommands(m, tagged).map((c) => c.type)).toEqual(['user.add']);
    m = send(b, m, tagged);
    expect(b.permissions.get('app', '/')?.configure).toBe('^app\\.');

    // A second vhost, then the first one's access removed, and the topic permission gone.
    b.execute({ type: 'vhost.add', name: 'billing' });
    m = fresh(b);
    const moved = {
      ...m,
      users: m.users.map((u) => (u.name === 'app' ? { ...u, permissions: [{ vhost: 'billing', configure: '', write: '.*', read: '.*' }], topicPermissions: [] } : u)),
    };
    expect(planCommands(m, moved)).toEqual([
      { type: 'permission.set', user: 'app', vhost: 'billing', configure: '', write: '.*', read: '.*' },
      { type: 'permission.clear', user: 'app', vhost: '/' },
      { type: 'topic-permission.clear', user: 'app', vhost: '/', exchange: 'amq.topic' },
    ]);
    m = send(b, m, moved);
    expect(b.permissions.hasVhostAccess('app', '/')).toBe(false);

    // Deleted: one command; the broker drops its permissions with it.
    const gone = { ...m, users: m.users.filter((u) => u.name !== 'app') };
    expect(planCommands(m, gone)).toEqual([{ type: 'user.delete', name: 'app' }]);
    send(b, m, gone);
    expect(b.permissions.entries().map((p) => p.user)).toEqual(['guest']);
  });

  test('a bad expression is refused by the engine in its own words, under the user, and placed on its row and field', () => {
    const base = fresh(broker());
    const check = (u: UserModel) => {
      const err = dryRun(base, { ...base, users: [...base.users, u] }).get(userId(u.name));
      return { err, place: err === undefined ? undefined : placeUserError(u, err) };
    };
    expect(check(appUser()).err).toBeUndefined();
    const badRead = appUser({ permissions: [{ vhost: '/', configure: '.*', write: '.*', read: '^app(' }] });
    expect(check(badRead)).toEqual({ err: "PRECONDITION_FAILED - invalid read permission regular expression '^app('", place: { at: 'permission', index: 0, field: 'read' } });
    const badTopic = appUser({ topicPermissions: [{ vhost: '/', exchange: 'amq.topic', write: '.*', read: '[a-' }] });
    expect(check(badTopic)).toEqual({ err: "PRECONDITION_FAILED - regular expression '[a-' is invalid", place: { at: 'topic', index: 0, field: 'read' } });
    // A vhost the broker does not have.
    const elsewhere = appUser({ permissions: [{ vhost: 'nowhere', configure: '.*', write: '.*', read: '.*' }] });
    const scratchBroker = dryRun(base, { ...base, users: [elsewhere] }, []);
    expect(scratchBroker.get(userId('app'))).toBe("NOT_FOUND - no vhost 'nowhere'");
    expect(placeUserError(elsewhere, scratchBroker.get(userId('app'))!)).toEqual({ at: 'permission', index: 0, field: 'vhost' });
    // The broker's other vhosts are known to the dry run.
    expect(dryRun(base, { ...base, users: [elsewhere] }, ['/', 'nowhere']).size).toBe(0);
  });

  test('tags typed as text: trimmed, no repeats, none means none', () => {
    expect(parseTags(' administrator, monitoring,,administrator , custom-tag ')).toEqual(['administrator', 'monitoring', 'custom-tag']);
    expect(parseTags('none')).toEqual([]);
  });
});

describe('users in the scenario and definitions.json', () => {
  test('saved in the scenario by hash (never a password), loaded back the same, and the default guest left out', () => {
    const b = broker();
    b.execute({ type: 'vhost.add', name: 'billing' });
    const base = fresh(b);
    const app = appUser({ permissions: [{ vhost: '/', configure: '^app\\.', write: '^app\\.', read: '^app\\.' }, { vhost: 'billing', configure: '', write: '', read: '.*' }] });
    const model: TopologyModel = { ...base, users: [app, ...base.users] };
    const file = compileScenario(defaultMeta(), model, [], []);
    const text = JSON.stringify(file);
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('"password"');
    expect(file.topology?.users?.map((u) => u.name)).toEqual(['app']);
    // The other vhost its permission names is declared, so the scenario loads on a fresh broker.
    expect(file.topology?.vhosts).toEqual([{ name: 'billing' }]);
    const parsed = parseScenario(JSON.parse(text));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(checkScenario(parsed.scenario)).toEqual([]);
    expect(scenarioModel(parsed.scenario, '/').users).toEqual([app]);
  });

  test('a scenario written by hand with a clear password is hashed on opening; saving it again writes only the hash', () => {
    const parsed = parseScenario({ schemaVersion: 2, name: 'x', duration: '10s', topology: { users: [{ name: 'svc', password: 'pw-1', tags: ['monitoring'], permissions: [{ vhost: '/' }] }] } });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const users = scenarioModel(parsed.scenario, '/').users;
    expect(users.map((u) => [u.name, u.tags, u.permissions])).toEqual([['svc', ['monitoring'], [{ vhost: '/', configure: '.*', write: '.*', read: '.*' }]]]);
    expect(passwordMatches(users[0]!, 'pw-1')).toBe(true);
    const again = JSON.stringify(compileScenario(defaultMeta(), { ...emptyModel('/'), users }, [], []));
    expect(again).not.toContain('pw-1');
    expect(again).toContain(users[0]!.passwordHash);
  });

  test('a scenario\'s bad topic permission is refused by its path, before anything is applied', () => {
    const parsed = parseScenario({ schemaVersion: 2, name: 'x', duration: '10s', topology: { users: [{ name: 'svc', topicPermissions: [{ exchange: 'amq.topic', write: '(' }] }] } });
    expect(parsed.ok ? [] : parsed.issues.map((i) => i.path)).toEqual(['topology.users[0].topicPermissions[0].write']);
  });

  test('what the studio sends is what definitions.json exports, and importing that export gives the same users who log in the same', () => {
    const b = broker();
    const base = fresh(b);
    send(b, base, { ...base, users: [appUser(), ...base.users] });
    const defs = exportDefinitions(b);
    const hash = b.users.get('app')!.passwordHash;
    expect(defs['users']).toContainEqual({ name: 'app', password_hash: hash, hashing_algorithm: 'rabbit_password_hashing_sha256', tags: ['management'], limits: {} });
    expect(defs['permissions']).toContainEqual({ user: 'app', vhost: '/', configure: '^app\\.', write: '^app\\.', read: '^app\\.' });
    expect(defs['topic_permissions']).toEqual([{ user: 'app', vhost: '/', exchange: 'amq.topic', write: '^app\\.', read: '.*' }]);

    const other = new Broker({ scheduler: new VirtualScheduler(0), defaultUser: false });
    const plan = planDefinitions(JSON.parse(JSON.stringify(defs)));
    if (!plan.ok) throw new Error(JSON.stringify(plan.issues));
    for (const { command } of plan.commands) other.execute(command);
    expect(fresh(other).users).toEqual(fresh(b).users);
    expect(other.authenticate('app', 's3cret')?.name).toBe('app');
  });
});
