import { useId, useMemo, useState } from 'react';
import { Icon } from '../../components/icons.tsx';
import type { GraphDoc } from '../../model/graph-doc.ts';
import { stableJson } from '../../model/topology-model.ts';
import type { UserModel } from '../../model/user-model.ts';
import { USER_TAGS, hashNewPassword, normalUser, parseTags, sortUsers, topicKey, userId } from '../../model/user-model.ts';
import { placeUserError } from '../../model/user-plan.ts';
import { useGraph, useStores } from '../../stores/store-context.tsx';
import { CheckField, FormError, TextField } from '../inspector/fields.tsx';
import { useDraft, useDryRun } from '../inspector/use-edit.ts';
import type { RowError } from './permission-rows.tsx';
import { PermissionRows, TopicRows } from './permission-rows.tsx';

/** The doc with `user` in place of the one of the same name (or added). */
export function withUser(doc: GraphDoc, user: UserModel): GraphDoc {
  return { ...doc, model: { ...doc.model, users: sortUsers([...doc.model.users.filter((u) => u.name !== user.name), normalUser(user)]) } };
}

/** What the studio itself refuses before asking the engine (things the engine takes but RabbitMQ's tools refuse). */
function localProblem(u: UserModel, isNew: boolean, taken: boolean): { text: string; row?: RowError } | undefined {
  if (u.name.trim() === '') return { text: 'a user needs a name' };
  if (isNew && taken) return { text: `a user named '${u.name}' already exists; edit it instead` };
  const seen = new Set<string>();
  for (const [index, p] of u.topicPermissions.entries()) {
    if (p.exchange === '') return { text: 'name the topic exchange this permission is for', row: { index, field: 'exchange', text: 'name the topic exchange this permission is for' } };
    if (seen.has(topicKey(p))) {
      const text = `exchange '${p.exchange}' in vhost '${p.vhost}' already has a topic permission`;
      return { text, row: { index, field: 'exchange', text } };
    }
    seen.add(topicKey(p));
  }
  return undefined;
}

/**
 * Add or edit one user, as the management UI's Admin → Users does: name,
 * password (hashed here by the engine's own RabbitMQ hashing; never shown
 * back, never stored in clear), tags, per-vhost permissions and topic
 * permissions. The engine judges the edit as you type (a dry run of the
 * commands on a scratch broker: its own words, shown by the field they name);
 * Save is one undo step through the graph's command path.
 */
export function UserForm({ initial, isNew, onDelete }: { initial: UserModel; isNew: boolean; onDelete: () => void }) {
  const stores = useStores();
  const doc = useGraph((s) => s.doc);
  const vhosts = useGraph((s) => s.vhosts);
  const f = useDraft(initial);
  const passwordId = useId();
  const [password, setPassword] = useState('');
  const [noPassword, setNoPassword] = useState(!isNew && initial.passwordHash === '');
  const [tagsText, setTagsText] = useState(initial.tags.join(', '));
  // One salt per typed password: the draft stays the same while the password does.
  const hash = useMemo(() => (password === '' ? undefined : hashNewPassword(password)), [password]);
  const user: UserModel = { ...f.draft, tags: parseTags(tagsText), passwordHash: noPassword ? '' : (hash ?? initial.passwordHash) };
  const changed = isNew || stableJson(normalUser(user)) !== stableJson(normalUser(initial));
  const needsPassword = isNew && !noPassword && password === '';
  const local = localProblem(user, isNew, doc.model.users.some((u) => u.name === user.name));
  const next = changed && !needsPassword && !local ? withUser(doc, user) : null;
  const err = useDryRun(next).get(userId(user.name));
  const refused = useGraph((s) => s.errors[userId(user.name)]);
  const place = err ? placeUserError(user, err) : undefined;
  const rowError = (at: 'permission' | 'topic'): RowError | undefined => (place?.at === at && err ? { index: place.index, field: place.field, text: err } : at === 'topic' ? local?.row : undefined);
  const exchanges = doc.model.exchanges.filter((x) => x.type === 'topic').map((x) => x.name);
  const ui = stores.ui.getState();
  const hasTag = (t: string): boolean => user.tags.includes(t);
  const toggleTag = (t: string): void => setTagsText((hasTag(t) ? user.tags.filter((x) => x !== t) : [...user.tags, t]).join(', '));

  const save = async (): Promise<void> => {
    if (!next || err) return;
    const ok = await stores.graph.getState().commit(isNew ? `add user '${user.name}'` : `edit user '${initial.name}'`, next);
    if (ok) ui.editUser(null);
  };

  return (
    <form className="policy-form user-form" onSubmit={(e) => (e.preventDefault(), void save())} data-testid="user-form" aria-label={isNew ? 'Add user' : `Edit user ${initial.name}`}>
      <h3 className="section-title">{isNew ? 'Add a user' : `Edit user ${initial.name}`}</h3>
      <FormError text={refused} />
      <div className="user-account">
        {isNew ? <TextField label="Username" value={user.name} onChange={(name) => f.patch({ name })} error={local && !local.row ? local.text : place?.at === 'user' ? err : undefined} testId="user-name" mono /> : null}
        <div className="field">
          <label htmlFor={passwordId}>{isNew ? 'Password' : 'New password'}</label>
          <input
            id={passwordId}
            className="input"
            type="password"
            autoComplete="new-password"
            value={password}
            disabled={noPassword}
            placeholder={isNew ? '' : initial.passwordHash === '' ? 'none set' : 'unchanged'}
            onChange={(e) => setPassword(e.target.value)}
            aria-describedby={`${passwordId}-hint`}
            data-testid="user-password"
          />
          <span className="hint" id={`${passwordId}-hint`}>
            {needsPassword ? 'Required to log in; kept' : 'Kept'} only as a salted SHA-256 hash, never shown again
          </span>
        </div>
        <TextField label="Tags" value={tagsText} onChange={setTagsText} testId="user-tags" mono />
      </div>
      <div className="user-account-extras">
        <CheckField label="No password (cannot log in with one)" checked={noPassword} onChange={setNoPassword} testId="user-no-password" />
        <div className="tag-picks" role="group" aria-label="Set tags">
          <span className="muted">Set tag:</span>
          {USER_TAGS.map((t) => (
            <button key={t} type="button" className={`chip${hasTag(t) ? ' on' : ''}`} aria-pressed={hasTag(t)} onClick={() => toggleTag(t)} data-testid={`user-tag-${t}`}>
              {t}
            </button>
          ))}
          <button type="button" className="chip" onClick={() => setTagsText('')} data-testid="user-tag-none">
            none
          </button>
        </div>
      </div>
      <PermissionRows value={user.permissions} vhosts={vhosts} onChange={(permissions) => f.patch({ permissions })} error={rowError('permission')} />
      <TopicRows value={user.topicPermissions} vhost={doc.model.vhost} vhosts={vhosts} exchanges={exchanges} onChange={(topicPermissions) => f.patch({ topicPermissions })} error={rowError('topic')} />
      <div className="row policy-actions">
        <button type="submit" className="btn primary" disabled={next === null || err !== undefined} data-testid="user-save">
          {isNew ? 'Add user' : 'Save'}
        </button>
        <button type="button" className="btn" onClick={() => ui.editUser(null)} data-testid="user-cancel">
          Cancel
        </button>
        {err ? (
          // Why Save is off, in view however the form is scrolled (the field it names says it too, as an alert).
          <span className="error-text save-blocked" role={place?.at === 'user' && !isNew ? 'alert' : undefined} title={err} data-testid="user-save-blocked">
            <Icon name="warning" size={12} />
            {err}
          </span>
        ) : null}
        <span className="spacer" />
        {isNew ? null : (
          <button type="button" className="btn danger" onClick={onDelete} data-testid="user-delete">
            Delete
          </button>
        )}
      </div>
    </form>
  );
}
