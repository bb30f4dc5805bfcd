import { readFileSync } from 'node:fs';
import amqp from 'amqplib';
import { startAmqpListener } from '../../engine/adapters/tcp-listener.ts';
import { expect, test } from './support/studio-fixture.ts';

/** Connect as a user; resolves the connection, or the broker's refusal. */
async function login(url: string, user: string, password: string): Promise<amqp.ChannelModel> {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return amqp.connect(`${u.toString()}?frameMax=131072`, { clientProperties: { connection_name: `${user}-client` } });
}

/** A channel operation's refusal as amqplib reports it: the AMQP reply code and the broker's text. */
async function refusal(op: Promise<unknown>): Promise<{ code: unknown; message: string }> {
  try {
    await op;
  } catch (e) {
    return { code: (e as { code?: unknown }).code, message: (e as Error).message };
  }
  throw new Error('expected the broker to refuse');
}

test.describe('Studio', () => {
  test.describe('users', () => {
    test('adds a user limited to ^app\\. that a real client logs in as, refused 403 outside it; a bad regex is refused by its field; delete asks, undo brings it back', async ({ broker, studio, users, page0, problems }) => {
      const listener = await startAmqpListener(broker, { port: 0 });
      try {
        await users.open();
        // The broker's own guest is listed as the management UI lists it.
        await expect(users.row('guest')).toContainText('administrator');
        await expect(page0.getByTestId('user-vhosts-guest')).toHaveText('/');

        // A bad configure expression: the engine's own words, beside the configure field, and no save.
        await users.fill({ name: 'app-user', password: 's3cret-pw', tags: ['management'], permission: { configure: '^app\\.(', write: '^app\\.', read: '^app\\.' } });
        const configure = users.form.getByTestId('perm-configure-0');
        await expect(users.form.getByTestId('user-permissions').getByRole('alert')).toHaveText("PRECONDITION_FAILED - invalid configure permission regular expression '^app\\.('");
        await expect(configure).toHaveAttribute('aria-invalid', 'true');
        await expect(users.form.getByTestId('perm-write-0')).not.toHaveAttribute('aria-invalid', 'true');
        await expect(users.form.getByTestId('user-save')).toBeDisabled();
        await expect(users.form.getByTestId('user-save-blocked')).toContainText('invalid configure permission regular expression');
        await studio.shot('users-bad-regex');

        // Fixed, with a topic permission too, and saved: listed with what it may do.
        await configure.fill('^app\\.');
        await expect(users.form.getByRole('alert')).toHaveCount(0);
        await users.form.getByTestId('topic-add').click();
        await users.form.getByTestId('topic-exchange-0').fill('amq.topic');
        await users.form.getByTestId('topic-write-0').fill('^app\\.');
        await studio.shot('users-form');
        await users.save();
        const row = users.row('app-user');
        await expect(row).toContainText('management');
        await expect(page0.getByTestId('user-vhosts-app-user')).toHaveText('/');
        await expect(page0.getByTestId('user-permissions-app-user')).toHaveText('/ configure ^app\\. · write ^app\\. · read ^app\\.');
        await expect(page0.getByTestId('user-topics-app-user')).toHaveText('/ amq.topic: write ^app\\. · read .*');
        const engineUser = broker.users.get('app-user');
        expect(engineUser?.tags).toEqual(['management']);
        expect(engineUser?.passwordHash).not.toContain('s3cret');
        expect(broker.permissions.get('app-user', '/')).toEqual({ configure: '^app\\.', write: '^app\\.', read: '^app\\.' });
        // Its form shows no password back: a new one replaces it, left empty it stays.
        await page0.getByTestId('user-edit-app-user').click();
        await expect(users.form.getByTestId('user-password')).toHaveValue('');
        await expect(users.form.getByTestId('user-password')).toHaveAttribute('placeholder', 'unchanged');
        await expect(users.form.getByTestId('user-save')).toBeDisabled();
        await studio.shot('users-edit');
        await users.form.getByTestId('user-cancel').click();
        await studio.shot('users-dark');
        await page0.getByTestId('theme-toggle').click();
        await expect(page0.locator('html')).toHaveAttribute('data-theme', 'light');
        await studio.shot('users-light');
        await page0.getByTestId('user-edit-app-user').click();
        await users.form.getByTestId('perm-read-0').fill('^app(');
        await expect(users.form.getByTestId('perm-read-0')).toHaveAttribute('aria-invalid', 'true');
        await studio.shot('users-edit-light');
        await users.form.getByTestId('user-cancel').click();

        // A real client logs in with the password: app.q is its to declare, other.q is refused with the engine's 403.
        const conn = await login(listener.url, 'app-user', 's3cret-pw');
        try {
          const ch = await conn.createChannel();
          ch.on('error', () => undefined);
          expect((await ch.assertQueue('app.q', { durable: false })).queue).toBe('app.q');
          const refused = await refusal(ch.assertQueue('other.q', { durable: false }));
          expect(refused.code).toBe(403);
          expect(refused.message).toContain("ACCESS_REFUSED - access to queue 'other.q' in vhost '/' refused for user 'app-user'");
          // On the graph the connection names its user; the name opens that user's form.
          const client = page0.locator('.react-flow__node-client');
          await expect(client).toContainText('app-user@');
          await studio.selectNode(client);
          await page0.getByTestId('client-user-link').click();
          await expect(users.form).toHaveAttribute('aria-label', 'Edit user app-user');
          await users.form.getByTestId('user-cancel').click();
        } finally {
          await conn.close().catch(() => undefined);
        }
        expect(broker.vhosts.get('/')!.queues.has('app.q')).toBe(true);
        expect(broker.vhosts.get('/')!.queues.has('other.q')).toBe(false);
        await studio.tab('events');
        await expect(page0.getByTestId('event-log')).toContainText("403 ACCESS_REFUSED - access to queue 'other.q' in vhost '/' refused for user 'app-user'");

        // The scenario saved and the definitions exported carry the hash, never the password.
        await page0.getByTestId('menu-file').click();
        const scenarioDownload = page0.waitForEvent('download');
        await page0.getByTestId('file-save').click();
        const scenario = readFileSync((await (await scenarioDownload).path())!, 'utf8');
        expect(scenario).not.toContain('s3cret');
        const saved = (JSON.parse(scenario) as { topology: { users: { name: string; passwordHash: string; permissions: unknown[]; topicPermissions: unknown[] }[] } }).topology.users;
        expect(saved).toEqual([
          expect.objectContaining({
            name: 'app-user',
            passwordHash: engineUser!.passwordHash,
            tags: ['management'],
            permissions: [{ vhost: '/', configure: '^app\\.', write: '^app\\.', read: '^app\\.' }],
            topicPermissions: [{ vhost: '/', exchange: 'amq.topic', write: '^app\\.', read: '.*' }],
          }),
        ]);
        await page0.getByTestId('menu-file').click();
        const defsDownload = page0.waitForEvent('download');
        await page0.getByTestId('file-export-definitions').click();
        const defs = JSON.parse(readFileSync((await (await defsDownload).path())!, 'utf8')) as Record<string, { name?: string; user?: string }[]>;
        expect(defs['users']).toContainEqual(expect.objectContaining({ name: 'app-user', password_hash: engineUser!.passwordHash, tags: ['management'] }));
        expect(defs['permissions']).toContainEqual({ user: 'app-user', vhost: '/', configure: '^app\\.', write: '^app\\.', read: '^app\\.' });
        expect(defs['topic_permissions']).toContainEqual({ user: 'app-user', vhost: '/', exchange: 'amq.topic', write: '^app\\.', read: '.*' });

        // Delete asks first; the user can no longer log in. Undo brings it back, with the same password.
        await users.open();
        await users.remove('app-user');
        await expect(users.row('app-user')).toHaveCount(0);
        expect(broker.users.has('app-user')).toBe(false);
        const afterDelete = await refusal(login(listener.url, 'app-user', 's3cret-pw'));
        expect(afterDelete.message).toContain('ACCESS_REFUSED');
        await page0.getByTestId('undo').click();
        await expect(page0.getByTestId('user-permissions-app-user')).toHaveText('/ configure ^app\\. · write ^app\\. · read ^app\\.');
        expect(broker.users.get('app-user')?.passwordHash).toBe(engineUser!.passwordHash);
        const again = await login(listener.url, 'app-user', 's3cret-pw');
        await again.close();
        expect(problems).toEqual([]);
      } finally {
        await listener.close();
      }
    });
  });
});
