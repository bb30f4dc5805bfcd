import { useState } from 'react';
import type { MessageView } from '../../../../engine/host/message-schema.ts';

type Mode = 'text' | 'json' | 'hex';

/** The body's bytes (a base64 payload decoded, a text one encoded as UTF-8). */
export function bodyBytes(m: MessageView): Uint8Array {
  if (m.payloadEncoding === 'string') return new TextEncoder().encode(m.payload);
  const bin = atob(m.payload);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** `00000000  7b 22 69 64 22 3a  {"id":` lines, 16 bytes each. */
export function hexDump(bytes: Uint8Array, max = 4096): string {
  const lines: string[] = [];
  const n = Math.min(bytes.length, max);
  for (let i = 0; i < n; i += 16) {
    const row = bytes.subarray(i, Math.min(i + 16, n));
    const hex = [...row].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = [...row].map((b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${i.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  if (bytes.length > max) lines.push(`… ${bytes.length - max} more bytes`);
  return lines.join('\n');
}

/** Pretty JSON when the body parses as JSON, else undefined. */
export function prettyJson(m: MessageView): string | undefined {
  if (m.payloadEncoding !== 'string') return undefined;
  try {
    return JSON.stringify(JSON.parse(m.payload), null, 2);
  } catch {
    return undefined;
  }
}

/** A message body as text, pretty JSON or a hex dump. */
export function BodyView({ m }: { m: MessageView }) {
  const json = prettyJson(m);
  const [mode, setMode] = useState<Mode>(json !== undefined ? 'json' : m.payloadEncoding === 'string' ? 'text' : 'hex');
  const content = mode === 'json' ? (json ?? 'not JSON') : mode === 'hex' ? hexDump(bodyBytes(m)) : m.payloadEncoding === 'string' ? m.payload : `(binary, ${m.payloadBytes} bytes: see hex)`;
  return (
    <div className="body-view">
      <div className="segmented" role="radiogroup" aria-label="Body view">
        {(['text', 'json', 'hex'] as const).map((k) => (
          <button key={k} type="button" role="radio" className="btn small" aria-checked={mode === k} onClick={() => setMode(k)} disabled={k === 'json' && json === undefined} data-testid={`body-${k}`}>
            {k === 'json' ? 'JSON' : k === 'hex' ? 'Hex' : 'Text'}
          </button>
        ))}
      </div>
      <pre className="body-pre mono" data-testid="message-body">
        {content}
        {m.truncated ? `\n… truncated (${m.payloadBytes} bytes in all)` : ''}
      </pre>
    </div>
  );
}
