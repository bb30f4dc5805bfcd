import { describe, expect, test } from 'vitest';
import { Broker } from '../../engine/core/broker.ts';
import { VirtualScheduler } from '../../engine/core/clock.ts';
import type { HostApi } from '../../engine/host/contract.ts';
import { HostService } from '../../engine/host/host-service.ts';
import { topologySnapshot } from '../../engine/host/topology-snapshot.ts';
import { fromHostApi } from '../../renderer/src/client/engine-client.ts';
import type { UserModel } from '../../renderer/src/model/user-model.ts';
import { hashNewPassword, newUser, userId } from '../../renderer/src/model/user-model.ts';
import { currentScenario } from '../../renderer/src/stores/sim-commands.ts';
import { newScenario, openScenario } from '../../renderer/src/stores/file-commands.ts';
import { createGraphStore } from '../../renderer/src/stores/graph-store.ts';
import { createLiveStore } from '../../renderer/src/stores/live-store.ts';
import type { AppStores } from '../../renderer/src/stores/store-context.tsx';
import { createUiStore } from '../../renderer/src/stores/ui-store.ts';

const wire = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The studio's graph store on a real host and broker, talking JSON as the WebSocket does; every command sent is recorded. */
function setup() {
  const broker = new Broker({ scheduler: new VirtualScheduler(0) });
  const service = new HostService({ broker, mode: 'web' });
  const sent: unknown[] = [];
  const api: HostApi = {
    invoke: (channel, payload) => {
      if (channel === 'topology:apply') sent.push(wire(payload));
      return service.invoke(channel, wire(payload)).then(wire);
    },
    on: () => () => undefined,
  };
  const client = fromHostApi(api, 'websocket', { onLinkState: () => () => undefined, close: () => undefined });
  const store = createGraphStore({ client, log: () => undefined });
  store.getState().ingestTopology(wire(topologySnapshot(broker)));
  const withUsers = (fn: (users: UserModel[]) => UserModel[]) => {
    const d = store.getState().doc;
    return { ...d, model: { ...d.model, users: fn(d.model.users) } };
  };
  const stores: AppStores = { client, graph: store, live: createLiveStore(), ui: createUiStore() };
  return { broker, store, sent, withUsers, stores };
}

const app = (): UserModel => ({ ...newUser('app', '/'), passwordHash: hashNewPassword('s3cret'), permissions: [{ vhost: '/', configure: '^app\\.', write: '^app\\.', read: '^app\\.' }] });

describe('user edits through the graph store', () => {
  test('add, change the password, delete: engine commands over the contract, each one undo step; undo restores the same hash', async () => {
    const { broker, store, sent, withUsers } = setup();
    const user = app();
    expect(await store.getState().commit('add user', withUsers((us) => [user, ...us]))).toBe(true);
    expect(broker.authenticate('app', 's3cret')?.name).toBe('app');
    expect(broker.permissions.allows('app', '/', 'configure', 'app.q')).toBe(true);
    expect(broker.permissions.allows('app', '/', 'configure', 'other.q')).toBe(false);
    // What crossed the contract: the hash, never the password.
    expect(JSON.stringify(sent)).not.toContain('s3cret');
    expect(sent[0]).toEqual({ type: 'user.add', name: 'app', passwordHash: user.passwordHash, hashingAlgorithm: 'rabbit_password_hashing_sha256', tags: [] });

    const changed = { ...user, passwordHash: hashNewPassword('n3w'), tags: ['monitoring'] };
    expect(await store.getState().commit('edit user', withUsers((us) => us.map((u) => (u.name === 'app' ? changed : u))))).toBe(true);
    expect(broker.authenticate('app', 's3cret')).toBeUndefined();
    expect(broker.authenticate('app', 'n3w')?.tags).toEqual(['monitoring']);
    // The password alone changed: the permissions were not sent again.
    expect(sent.slice(2)).toEqual([{ type: 'user.add', name: 'app', passwordHash: changed.passwordHash, hashingAlgorithm: 'rabbit_password_hashing_sha256', tags: ['monitoring'] }]);

    expect(await store.getState().commit('delete user', withUsers((us) => us.filter((u) => u.name !== 'app')))).toBe(true);
    expect(broker.users.has('app')).toBe(false);
    expect(broker.permissions.hasVhostAccess('app', '/')).toBe(false);

    await store.getState().undo();
    expect(broker.authenticate('app', 'n3w')?.tags).toEqual(['monitoring']);
    expect(broker.permissions.get('app', '/')?.configure).toBe('^app\\.');
    await store.getState().undo();
    expect(broker.authenticate('app', 's3cret')?.name).toBe('app');
    await store.getState().undo();
    expect(broker.users.has('app')).toBe(false);
    await store.getState().redo();
    expect(broker.authenticate('app', 's3cret')?.name).toBe('app');
    expect(store.getState().doc.model.users.map((u) => u.name)).toEqual(['app', 'guest']);
  });

  test('a permission the broker refuses is not applied: its error is kept under the user, in the broker\'s words', async () => {
    const { broker, store, withUsers } = setup();
    const bad = { ...app(), permissions: [{ vhost: '/', configure: '.*', write: '(', read: '.*' }] };
    expect(await store.getState().commit('add user', withUsers((us) => [bad, ...us]))).toBe(false);
    expect(store.getState().errors[userId('app')]).toBe("PRECONDITION_FAILED - invalid write permission regular expression '('");
    // The account itself was added (user.add succeeded), without the refused permission: the list shows the engine's truth.
    expect(store.getState().doc.model.users.find((u) => u.name === 'app')?.permissions).toEqual([]);
    expect(broker.permissions.hasVhostAccess('app', '/')).toBe(false);
  });
});

describe('users in scenario files through the studio', () => {
  const file = {
    schemaVersion: 2,
    name: 'billing access',
    duration: '10s',
    topology: {
      vhosts: [{ name: 'billing' }],
      users: [{ name: 'svc', password: 'pw-1', tags: ['monitoring'], permissions: [{ vhost: '/' }, { vhost: 'billing', configure: '^$', write: '.*', read: '.*' }], topicPermissions: [{ exchange: 'amq.topic', write: '^svc\\.' }] }],
    },
  };

  test('opening a scenario adds the vhosts its users need, replaces the users but the broker\'s guest, and the saved file has only the hash', async () => {
    const { broker, store, stores, withUsers } = setup();
    await store.getState().commit('add user', withUsers((us) => [app(), ...us]));
    expect(await openScenario(stores, file, 'billing.json')).toBe(true);
    expect(store.getState().errors).toEqual({});
    expect([...broker.users.keys()].sort()).toEqual(['guest', 'svc']);
    expect(broker.authenticate('svc', 'pw-1')?.tags).toEqual(['monitoring']);
    expect(broker.permissions.get('svc', 'billing')).toEqual({ configure: '^$', write: '.*', read: '.*' });
    expect(broker.topicPermissions.get('svc', '/', 'amq.topic')).toMatchObject({ write: '^svc\\.', read: '.*' });

    const saved = currentScenario(stores);
    expect(JSON.stringify(saved)).not.toContain('pw-1');
    expect(saved.topology?.vhosts).toEqual([{ name: 'billing' }]);
    expect(saved.topology?.users).toEqual([
      {
        name: 'svc',
        passwordHash: broker.users.get('svc')!.passwordHash,
        hashingAlgorithm: 'rabbit_password_hashing_sha256',
        tags: ['monitoring'],
        permissions: [
          { vhost: '/', configure: '.*', write: '.*', read: '.*' },
          { vhost: 'billing', configure: '^$', write: '.*', read: '.*' },
        ],
        topicPermissions: [{ vhost: '/', exchange: 'amq.topic', write: '^svc\\.', read: '.*' }],
      },
    ]);

    // Undo brings the users back as they were; New keeps only guest.
    await store.getState().undo();
    expect([...broker.users.keys()].sort()).toEqual(['app', 'guest']);
    await newScenario(stores);
    expect([...broker.users.keys()]).toEqual(['guest']);
  });
});
