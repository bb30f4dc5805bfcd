import { useId, useState } from 'react';
import type { PolicyApplyTo, PolicyKeyInfo } from '../../../../engine/core/policy.ts';
import { POLICY_KEYS } from '../../../../engine/core/policy.ts';
import type { JsonFieldTable, JsonFieldValue } from '../../../../engine/host/field-json.ts';
import { Icon } from '../../components/icons.tsx';
import { RemoveKey, parseArgValue } from '../inspector/args-editor.tsx';

/** What each modelled key's number or name means, for the form's hints. */
const UNITS: Record<string, string> = {
  'message-ttl': 'ms',
  expires: 'ms idle',
  'max-length': 'messages',
  'max-length-bytes': 'bytes',
  'delivery-limit': 'quorum only',
  'consumer-timeout': 'ms',
  'dead-letter-exchange': 'exchange',
  'dead-letter-routing-key': 'routing key',
  'alternate-exchange': 'exchange',
};

const OVERFLOW = ['drop-head', 'reject-publish', 'reject-publish-dlx'];
const OTHER = '(other key)';

/** The modelled keys that make sense for what a policy applies to. */
export function keysFor(applyTo: PolicyApplyTo): PolicyKeyInfo[] {
  return POLICY_KEYS.filter((k) => applyTo === 'all' || (applyTo === 'exchanges' ? k.target === 'exchange' : k.target === 'queue'));
}

const infoOf = (key: string): PolicyKeyInfo | undefined => POLICY_KEYS.find((k) => k.key === key);

const textOf = (v: JsonFieldValue | undefined): string => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/** Text typed for a key as the value the definition stores: numbers for numeric keys, text for names, JSON or text for other keys. */
function valueOf(key: string, text: string): JsonFieldValue {
  const info = infoOf(key);
  if (info?.value === 'number') return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
  if (info) return text;
  return parseArgValue(text);
}

/** One value input, typed by the key: a number, one of the overflow behaviours, or text. */
function ValueInput({ keyName, value, onChange, label, testId }: { keyName: string; value: string; onChange: (text: string) => void; label: string; testId?: string }) {
  const info = infoOf(keyName);
  if (info?.value === 'overflow') {
    return (
      <select className="select" aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {value === '' || OVERFLOW.includes(value) ? null : <option value={value}>{value}</option>}
        {OVERFLOW.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    );
  }
  return <input className="input mono" aria-label={label} inputMode={info?.value === 'number' ? 'numeric' : undefined} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} />;
}

/**
 * A policy definition as key/value rows: the keys the engine models offered
 * with their value types (engine/core/policy.ts `POLICY_KEYS`), and any other
 * key (plugin settings such as ha-mode are kept but not acted on).
 */
export function DefinitionEditor({ value, applyTo, onChange, error }: { value: JsonFieldTable; applyTo: PolicyApplyTo; onChange: (v: JsonFieldTable) => void; error?: string | undefined }) {
  const id = useId();
  const offered = keysFor(applyTo).filter((k) => value[k.key] === undefined);
  const [pick, setPick] = useState<string>('');
  const [free, setFree] = useState('');
  const [text, setText] = useState('');
  const chosen = pick === '' ? (offered[0]?.key ?? OTHER) : pick;
  const newKey = chosen === OTHER ? free.trim() : chosen;
  const add = (): void => {
    if (newKey === '') return;
    onChange({ ...value, [newKey]: valueOf(newKey, text !== '' || infoOf(newKey)?.value !== 'overflow' ? text : 'drop-head') });
    setPick('');
    setFree('');
    setText('');
  };
  return (
    <div className="field definition" data-testid="policy-definition">
      <span className="field-label" id={id}>
        Definition
      </span>
      <table className="args" aria-labelledby={id}>
        <tbody>
          {Object.entries(value).map(([k, v]) => (
            <tr key={k}>
              <td className="mono">
                {k}
                {UNITS[k] ? <span className="unit"> {UNITS[k]}</span> : infoOf(k) ? null : <span className="unit"> not modelled</span>}
              </td>
              <td>
                <ValueInput keyName={k} label={`value of ${k}`} value={textOf(v)} onChange={(t) => onChange({ ...value, [k]: valueOf(k, t) })} testId={`policy-def-${k}`} />
              </td>
              <td>
                <RemoveKey table={value} name={k} onChange={onChange} />
              </td>
            </tr>
          ))}
          <tr onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), add())}>
            <td>
              <div className="def-key">
                <select className="select mono" aria-label="new definition key" value={chosen} onChange={(e) => setPick(e.target.value)} data-testid="policy-new-key">
                  {offered.map((k) => (
                    <option key={k.key} value={k.key}>
                      {k.key}
                    </option>
                  ))}
                  <option value={OTHER}>{OTHER}</option>
                </select>
                {chosen === OTHER ? <input className="input mono" placeholder="key" aria-label="other key name" value={free} onChange={(e) => setFree(e.target.value)} data-testid="policy-new-free-key" /> : null}
              </div>
            </td>
            <td>
              <ValueInput keyName={newKey} label="new definition value" value={text} onChange={setText} testId="policy-new-value" />
            </td>
            <td>
              <button type="button" className="btn icon small" aria-label="add definition key" onClick={add} disabled={newKey === ''} data-testid="policy-add-key">
                +
              </button>
            </td>
          </tr>
        </tbody>
      </table>
      {error ? (
        <span className="error" role="alert">
          <Icon name="warning" size={12} />
          {error}
        </span>
      ) : null}
    </div>
  );
}
