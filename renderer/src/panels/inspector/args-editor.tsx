import { useId, useState } from 'react';
import type { JsonFieldTable, JsonFieldValue } from '../../../../engine/host/field-json.ts';
import { Icon } from '../../components/icons.tsx';

function show(v: JsonFieldValue): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Text to a field value: JSON when it parses (numbers, booleans, tables), else the text itself. */
export function parseArgValue(text: string): JsonFieldValue {
  try {
    return JSON.parse(text) as JsonFieldValue;
  } catch {
    return text;
  }
}

/** The × that removes one key from a table (argument, header or policy definition rows). */
export function RemoveKey({ table, name, onChange }: { table: JsonFieldTable; name: string; onChange: (v: JsonFieldTable) => void }) {
  return (
    <button
      type="button"
      className="btn icon ghost small"
      aria-label={`remove ${name}`}
      onClick={() => {
        const { [name]: _drop, ...rest } = table;
        onChange(rest);
      }}
    >
      <Icon name="x" size={12} />
    </button>
  );
}

/** Edit a field table as name/value rows (values read as JSON when they parse, else as text). */
export function ArgsEditor({ label, title, value, onChange, hide = [], testId }: { label: string; title?: string; value: JsonFieldTable; onChange: (v: JsonFieldTable) => void; hide?: readonly string[]; testId?: string }) {
  const id = useId();
  const [newKey, setNewKey] = useState('');
  const [newVal, setNewVal] = useState('');
  const rows = Object.entries(value).filter(([k]) => !hide.includes(k));
  const add = (): void => {
    if (newKey.trim() === '') return;
    onChange({ ...value, [newKey.trim()]: parseArgValue(newVal) });
    setNewKey('');
    setNewVal('');
  };
  return (
    <div className="field" data-testid={testId}>
      <span className="field-label" id={id}>
        {title ?? label.charAt(0).toUpperCase() + label.slice(1)}
      </span>
      <table className="args" aria-labelledby={id}>
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <td className="mono">{k}</td>
              <td>
                <input className="input mono" aria-label={`value of ${k}`} value={show(v)} onChange={(e) => onChange({ ...value, [k]: parseArgValue(e.target.value) })} />
              </td>
              <td>
                <RemoveKey table={value} name={k} onChange={onChange} />
              </td>
            </tr>
          ))}
          <tr>
            <td>
              <input className="input mono" placeholder="name" aria-label={`new ${label} name`} value={newKey} onChange={(e) => setNewKey(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), add())} />
            </td>
            <td>
              <input className="input mono" placeholder="value" aria-label={`new ${label} value`} value={newVal} onChange={(e) => setNewVal(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), add())} />
            </td>
            <td>
              <button type="button" className="btn icon small" aria-label={`add ${label}`} onClick={add} disabled={newKey.trim() === ''}>
                +
              </button>
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
