import { useId } from 'react';
import type { ReactNode } from 'react';
import { Icon } from '../../components/icons.tsx';

interface Base {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  testId?: string;
}

function Wrap({ id, label, hint, error, children }: Base & { id: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {error ? (
        <span className="error" id={`${id}-err`} role="alert">
          <Icon name="warning" size={12} />
          {error}
        </span>
      ) : hint ? (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
    </div>
  );
}

const described = (id: string, error?: string, hint?: string): string | undefined => (error ? `${id}-err` : hint ? `${id}-hint` : undefined);

export function TextField({ value, onChange, placeholder, mono, ...b }: Base & { value: string; onChange: (v: string) => void; placeholder?: string; mono?: boolean }) {
  const id = useId();
  return (
    <Wrap id={id} {...b}>
      <input
        id={id}
        className={`input${mono ? ' mono' : ''}`}
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={b.error ? true : undefined}
        aria-describedby={described(id, b.error, b.hint)}
        data-testid={b.testId}
      />
    </Wrap>
  );
}

/** A number input; empty means "not set" (undefined). */
export function NumberField({ value, onChange, min, step, placeholder, ...b }: Base & { value: number | undefined; onChange: (v: number | undefined) => void; min?: number; step?: number; placeholder?: string | undefined }) {
  const id = useId();
  return (
    <Wrap id={id} {...b}>
      <input
        id={id}
        className="input"
        type="number"
        inputMode="decimal"
        value={value ?? ''}
        min={min}
        step={step ?? 'any'}
        placeholder={placeholder ?? 'not set'}
        onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        aria-invalid={b.error ? true : undefined}
        aria-describedby={described(id, b.error, b.hint)}
        data-testid={b.testId}
      />
    </Wrap>
  );
}

export function SelectField<T extends string>({ value, onChange, options, ...b }: Base & { value: T; onChange: (v: T) => void; options: readonly (readonly [T, string])[] }) {
  const id = useId();
  return (
    <Wrap id={id} {...b}>
      <select
        id={id}
        className="select"
        value={value}
        onChange={(e) => onChange(e.target.value as T)}
        aria-invalid={b.error ? true : undefined}
        aria-describedby={described(id, b.error, b.hint)}
        data-testid={b.testId}
      >
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </Wrap>
  );
}

export function CheckField({ label, checked, onChange, hint, testId, disabled }: { label: string; checked: boolean; onChange: (v: boolean) => void; hint?: string; testId?: string; disabled?: boolean }) {
  return (
    <label className="check" title={hint}>
      <input type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />
      <span>{label}</span>
      {hint ? <span className="hint sr-only">{hint}</span> : null}
    </label>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section>
      <h3 className="section-title">{title}</h3>
      {children}
    </section>
  );
}

/** An error from the engine or the validator shown above a form. */
export function FormError({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return (
    <div className="form-error" role="alert" data-testid="inspector-error">
      <Icon name="warning" size={14} />
      <span>{text}</span>
    </div>
  );
}
