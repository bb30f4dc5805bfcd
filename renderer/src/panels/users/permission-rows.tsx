import { useId, useState } from 'react';
import { Icon } from '../../components/icons.tsx';
import type { TopicPermissionModel, VhostPermission } from '../../model/user-model.ts';
import { fullAccess } from '../../model/user-model.ts';

/** A field of a row the broker refused, with its words. */
export interface RowError {
  index: number;
  field: string;
  text: string;
}

function RegexInput({ value, onChange, label, invalid, testId }: { value: string; onChange: (v: string) => void; label: string; invalid: boolean; testId: string }) {
  return <input className="input mono" aria-label={label} aria-invalid={invalid || undefined} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} spellCheck={false} />;
}

function VhostSelect({ value, options, onChange, label, invalid, testId }: { value: string; options: readonly string[]; onChange: (v: string) => void; label: string; invalid?: boolean; testId: string }) {
  const all = options.includes(value) ? options : [value, ...options];
  return (
    <select className="select mono" aria-label={label} aria-invalid={invalid || undefined} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      {all.map((v) => (
        <option key={v} value={v}>
          {v}
        </option>
      ))}
    </select>
  );
}

function RowAlert({ error }: { error: RowError | undefined }) {
  return error ? (
    <span className="error" role="alert">
      <Icon name="warning" size={12} />
      {error.text}
    </span>
  ) : null;
}

/** A row's regular-expression cells and its remove button. */
function RegexCells<K extends string>({ keys, row, on, prefix, index, bad, set, onRemove }: { keys: readonly K[]; row: Record<K, string>; on: string; prefix: string; index: number; bad: (field: string) => boolean; set: (patch: Partial<Record<K, string>>) => void; onRemove: () => void }) {
  return (
    <>
      {keys.map((k) => (
        <td key={k}>
          <RegexInput value={row[k]} onChange={(v) => set({ [k]: v } as Partial<Record<K, string>>)} label={`${k} regexp on ${on}`} invalid={bad(k)} testId={`${prefix}-${k}-${index}`} />
        </td>
      ))}
      <td>
        <button type="button" className="btn icon ghost small" aria-label={`remove permission on ${on}`} onClick={onRemove} data-testid={`${prefix}-remove-${index}`}>
          <Icon name="x" size={12} />
        </button>
      </td>
    </>
  );
}

/**
 * The user's permissions, one row per vhost it can access (the management
 * UI's "Permissions" on a user's page): configure, write and read regular
 * expressions on resource names. A vhost without a row is one the user
 * cannot open a connection to.
 */
export function PermissionRows({ value, vhosts, onChange, error }: { value: VhostPermission[]; vhosts: readonly string[]; onChange: (v: VhostPermission[]) => void; error?: RowError | undefined }) {
  const id = useId();
  const free = vhosts.filter((v) => !value.some((p) => p.vhost === v));
  const [pick, setPick] = useState('');
  const chosen = free.includes(pick) ? pick : (free[0] ?? '');
  const set = (i: number, patch: Partial<VhostPermission>): void => onChange(value.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const bad = (i: number, field: string): boolean => error?.index === i && error.field === field;
  return (
    <div className="field" data-testid="user-permissions">
      <span className="field-label" id={id}>
        Permissions
      </span>
      <table className="perm-table" aria-labelledby={id}>
        <thead>
          <tr>
            <th>Virtual host</th>
            <th>Configure regexp</th>
            <th>Write regexp</th>
            <th>Read regexp</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {value.map((p, i) => (
            <tr key={i}>
              <td>
                <VhostSelect value={p.vhost} options={vhosts.filter((v) => v === p.vhost || free.includes(v))} onChange={(vhost) => set(i, { vhost })} label={`vhost of permission ${i + 1}`} invalid={bad(i, 'vhost')} testId={`perm-vhost-${i}`} />
              </td>
              <RegexCells keys={['configure', 'write', 'read'] as const} row={p} on={`vhost ${p.vhost}`} prefix="perm" index={i} bad={(k) => bad(i, k)} set={(patch) => set(i, patch)} onRemove={() => onChange(value.filter((_, j) => j !== i))} />
            </tr>
          ))}
          {value.length === 0 ? (
            <tr>
              <td colSpan={5} className="muted">
                No access to any vhost: the user cannot open a connection.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <RowAlert error={error} />
      {free.length > 0 ? (
        <div className="perm-add">
          <VhostSelect value={chosen} options={free} onChange={setPick} label="vhost to give access to" testId="perm-new-vhost" />
          <button type="button" className="btn small" onClick={() => onChange([...value, fullAccess(chosen)])} data-testid="perm-add">
            + Set permission
          </button>
        </div>
      ) : null}
    </div>
  );
}

/**
 * Topic permissions (the management UI's "Topic permissions"): for one topic
 * exchange of a vhost, write and read regular expressions on routing keys
 * (`{username}` and `{vhost}` are expanded). An exchange without a row is
 * not restricted. A new row is for `vhost` (the graph's) and its first topic
 * exchange without one.
 */
export function TopicRows({ value, vhost, vhosts, exchanges, onChange, error }: { value: TopicPermissionModel[]; vhost: string; vhosts: readonly string[]; exchanges: readonly string[]; onChange: (v: TopicPermissionModel[]) => void; error?: RowError | undefined }) {
  const id = useId();
  const listId = `${id}-exchanges`;
  const set = (i: number, patch: Partial<TopicPermissionModel>): void => onChange(value.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const bad = (i: number, field: string): boolean => error?.index === i && error.field === field;
  const add = (): void => onChange([...value, { vhost, exchange: exchanges.find((x) => !value.some((p) => p.exchange === x)) ?? '', write: '.*', read: '.*' }]);
  return (
    <div className="field" data-testid="user-topic-permissions">
      <span className="field-label" id={id}>
        Topic permissions
      </span>
      <datalist id={listId}>
        {exchanges.map((x) => (
          <option key={x} value={x} />
        ))}
      </datalist>
      {value.length === 0 ? (
        <span className="hint">None: routing keys on topic exchanges are not restricted.</span>
      ) : (
        <table className="perm-table" aria-labelledby={id}>
          <thead>
            <tr>
              <th>Virtual host</th>
              <th>Exchange</th>
              <th>Write regexp</th>
              <th>Read regexp</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {value.map((p, i) => (
              <tr key={i}>
                <td>
                  <VhostSelect value={p.vhost} options={vhosts} onChange={(vhost) => set(i, { vhost })} label={`vhost of topic permission ${i + 1}`} invalid={bad(i, 'vhost')} testId={`topic-vhost-${i}`} />
                </td>
                <td>
                  <input className="input mono" list={listId} aria-label={`exchange of topic permission ${i + 1}`} aria-invalid={bad(i, 'exchange') || undefined} value={p.exchange} onChange={(e) => set(i, { exchange: e.target.value })} data-testid={`topic-exchange-${i}`} />
                </td>
                <RegexCells keys={['write', 'read'] as const} row={p} on={`exchange ${p.exchange}`} prefix="topic" index={i} bad={(k) => bad(i, k)} set={(patch) => set(i, patch)} onRemove={() => onChange(value.filter((_, j) => j !== i))} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <RowAlert error={error} />
      <div className="perm-add">
        <button type="button" className="btn small" onClick={add} data-testid="topic-add">
          + Set topic permission
        </button>
      </div>
    </div>
  );
}
