import { describe, expect, test } from 'vitest';
import { Broker } from '../../engine/core/broker.ts';
import { VirtualScheduler } from '../../engine/core/clock.ts';
import { importDefinitions } from '../../engine/sim/definitions/apply.ts';
import { exportDefinitions } from '../../engine/sim/definitions/export.ts';
import { planDefinitions } from '../../engine/sim/definitions/import.ts';

/** rabbit_definitions writes each topic permission as {user, vhost, exchange, write, read}. */
const file = {
  rabbit_version: '4.2.0',
  users: [{ name: 'app', password_hash: '', hashing_algorithm: 'rabbit_password_hashing_sha256', tags: [], limits: {} }],
  vhosts: [{ name: '/' }, { name: 'iot' }],
  permissions: [{ user: 'app', vhost: 'iot', configure: '.*', write: '.*', read: '.*' }],
  topic_permissions: [
    { user: 'app', vhost: 'iot', exchange: 'amq.topic', write: '^{username}\\.', read: '^(sensors|{username})\\.' },
    { user: 'app', vhost: '/', exchange: 'events', write: '', read: '.*' },
  ],
};

const newBroker = (): Broker => new Broker({ scheduler: new VirtualScheduler(0), defaultUser: false });

describe('topic_permissions in definitions.json', () => {
  test('are imported, without a warning', () => {
    const b = newBroker();
    const r = importDefinitions(b, file);
    expect(r.warnings).toEqual([]);
    expect(b.topicPermissions.entries()).toEqual(file.topic_permissions);
  });

  test('round-trip: export writes them and a blank broker imports the same', () => {
    const b = newBroker();
    importDefinitions(b, file);
    const out = exportDefinitions(b, { flavour: 'core' });
    expect(out['topic_permissions']).toEqual(file.topic_permissions);
    const b2 = newBroker();
    importDefinitions(b2, out);
    expect(exportDefinitions(b2, { flavour: 'core' })).toEqual(out);
  });

  test('a malformed entry is named by its path', () => {
    const plan = planDefinitions({ topic_permissions: [{ user: 'app', vhost: '/', write: '.*', read: '.*' }] });
    expect(plan.ok ? [] : plan.issues).toEqual([{ path: 'topic_permissions[0].exchange', message: 'must be a string' }]);
  });

  test('a bad regular expression or an unknown user fails the import, naming the entry, and applies nothing', () => {
    const bad = { ...file, topic_permissions: [file.topic_permissions[0], { user: 'app', vhost: '/', exchange: 'x', write: '(', read: '.*' }] };
    const b = newBroker();
    expect(() => importDefinitions(b, bad)).toThrow(/topic_permissions\[1\]: PRECONDITION_FAILED - regular expression '\(' is invalid/);
    expect(b.users.size).toBe(0);
    expect(b.topicPermissions.entries()).toEqual([]);
    const ghost = { topic_permissions: [{ user: 'ghost', vhost: '/', exchange: 'x', write: '.*', read: '.*' }] };
    expect(() => importDefinitions(newBroker(), ghost)).toThrow(/topic_permissions\[0\]: NOT_FOUND - User ghost does not exist/);
  });
});
