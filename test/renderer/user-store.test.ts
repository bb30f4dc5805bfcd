import { describe, expect, test } from 'vitest';
import { Broker } from '../../engine/core/broker.ts';
import { VirtualScheduler } from '../../engine/core/clock.ts';
import type { HostApi } from '../../engine/host/contract.ts';
import { HostService } from '../../engine/host/host-service.ts';
import { topologySnapshot } from '../../engine/host/topology-snapshot.ts';
import { fromHostApi } from '../../renderer/src/client/engine-client.ts';
import type { UserModel } from '../../renderer/src/model/user-model.ts';
import { hashNewPassword, newUser, userId } from '../../renderer/src/model/user-model.ts';
import { createGraphStore } from '../../renderer/src/stores/graph-store.ts';

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
  return { broker, store, sent, withUsers };
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
