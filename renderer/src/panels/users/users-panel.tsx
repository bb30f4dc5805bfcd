import { useState } from 'react';
import { ConfirmDelete } from '../../components/dialog.tsx';
import { Icon } from '../../components/icons.tsx';
import { uniqueName } from '../../model/graph-doc.ts';
import type { UserModel } from '../../model/user-model.ts';
import { newUser, permissionText, topicPermissionText } from '../../model/user-model.ts';
import { useGraph, useStores, useUi } from '../../stores/store-context.tsx';
import { UserForm } from './user-form.tsx';

/** Ask before deleting a user, naming what goes with it. */
function ConfirmDeleteUser({ user, onClose }: { user: UserModel; onClose: () => void }) {
  const stores = useStores();
  const remove = async (): Promise<void> => {
    const g = stores.graph.getState();
    const ok = await g.commit(`delete user '${user.name}'`, { ...g.doc, model: { ...g.doc.model, users: g.doc.model.users.filter((u) => u.name !== user.name) } });
    if (ok) stores.ui.getState().editUser(null);
  };
  const n = user.permissions.length;
  const t = user.topicPermissions.length;
  return (
    <ConfirmDelete title={`Delete user ${user.name}`} confirm="Delete user" testId="user-delete-dialog" onConfirm={() => void remove()} onClose={onClose}>
      Delete user <b className="mono">{user.name}</b>?{' '}
      {n + t > 0 ? `Its permissions on ${n} vhost${n === 1 ? '' : 's'}${t > 0 ? ` and ${t} topic permission${t === 1 ? '' : 's'}` : ''} go with it; it can no longer log in.` : 'It has no permissions.'} Undo (Ctrl+Z)
      brings it back, with the same password.
    </ConfirmDelete>
  );
}

/**
 * The broker's users as RabbitMQ's management UI lists them (Admin → Users):
 * tags, the vhosts each can access, its permissions and topic permissions in
 * short, and the form to add or edit one. Users are broker-wide.
 */
export function UsersPanel() {
  const stores = useStores();
  const model = useGraph((s) => s.doc.model);
  const editing = useUi((s) => s.userEdit);
  const [deleting, setDeleting] = useState<string | null>(null);
  const ui = stores.ui.getState();
  const current = editing === null || editing === '' ? undefined : model.users.find((u) => u.name === editing);
  const formOpen = editing === '' || current !== undefined;
  const toDelete = model.users.find((u) => u.name === deleting);

  return (
    <div className={`policies-panel users-panel${formOpen ? ' with-form' : ''}`} data-testid="users-panel">
      <div className="policies-list">
        <div className="msg-toolbar">
          <span className="small-label">Users of the broker (all vhosts)</span>
          <span className="spacer" />
          <button type="button" className="btn small primary" onClick={() => ui.editUser('')} data-testid="user-add">
            <Icon name="user" size={13} /> Add user
          </button>
        </div>
        {model.users.length === 0 ? (
          <div className="empty">No users: no client can log in. Add one, with a password and permissions on the vhosts it may use.</div>
        ) : (
          <table className="policy-table" data-testid="user-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Tags</th>
                <th>Can access virtual hosts</th>
                <th>Has password</th>
                <th>Permissions</th>
                <th>Topic permissions</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {model.users.map((u) => (
                <tr key={u.name} className={u.name === editing ? 'selected' : undefined} data-testid={`user-row-${u.name}`}>
                  <td>
                    <button type="button" className="linklike mono accent" onClick={() => ui.editUser(u.name)} data-testid={`user-edit-${u.name}`}>
                      {u.name}
                    </button>
                  </td>
                  <td>{u.tags.length === 0 ? <span className="muted">none</span> : u.tags.join(', ')}</td>
                  <td className="mono" data-testid={`user-vhosts-${u.name}`}>
                    {u.permissions.length === 0 ? <span className="muted">No access</span> : u.permissions.map((p) => p.vhost).join(', ')}
                  </td>
                  <td>{u.passwordHash === '' ? <span className="muted">no</span> : '●'}</td>
                  <td className="mono def" data-testid={`user-permissions-${u.name}`}>
                    {u.permissions.map((p) => (
                      <div key={p.vhost}>
                        <span className="perm-vhost">{p.vhost}</span> {permissionText(p)}
                      </div>
                    ))}
                  </td>
                  <td className="mono def" data-testid={`user-topics-${u.name}`}>
                    {u.topicPermissions.length === 0 ? <span className="muted">none</span> : null}
                    {u.topicPermissions.map((p) => (
                      <div key={`${p.vhost}/${p.exchange}`}>
                        <span className="perm-vhost">{p.vhost}</span> {topicPermissionText(p)}
                      </div>
                    ))}
                  </td>
                  <td>
                    <button type="button" className="btn icon ghost small danger" aria-label={`delete user ${u.name}`} onClick={() => setDeleting(u.name)} data-testid={`user-remove-${u.name}`}>
                      <Icon name="trash" size={13} />
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {formOpen ? <UserForm key={editing} initial={current ?? newUser(uniqueName('user', model.users.map((u) => u.name)), model.vhost)} isNew={current === undefined} onDelete={() => current && setDeleting(current.name)} /> : null}
      {toDelete ? <ConfirmDeleteUser user={toDelete} onClose={() => setDeleting(null)} /> : null}
    </div>
  );
}
