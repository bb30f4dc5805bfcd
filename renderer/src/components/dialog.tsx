import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { Icon } from './icons.tsx';

/** A modal dialog: focus moves in and is kept there, Escape closes, focus returns where it was. */
export function Dialog({ title, onClose, children, footer, wide, testId }: { title: string; onClose: () => void; children: ReactNode; footer?: ReactNode; wide?: boolean; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>('[autofocus], input, select, textarea, button:not([aria-label="Close"])');
    first?.focus();
    return () => before?.focus();
  }, []);
  const onKey = (e: React.KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
    }
    if (e.key !== 'Tab') return;
    const els = [...(ref.current?.querySelectorAll<HTMLElement>('button, input, select, textarea, [tabindex="0"]') ?? [])].filter((x) => !x.hasAttribute('disabled'));
    if (els.length === 0) return;
    const first = els[0]!;
    const last = els[els.length - 1]!;
    if (e.shiftKey && document.activeElement === first) (e.preventDefault(), last.focus());
    else if (!e.shiftKey && document.activeElement === last) (e.preventDefault(), first.focus());
  };
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={ref} className={`dialog${wide ? ' wide' : ''}`} role="dialog" aria-modal="true" aria-label={title} onKeyDown={onKey} data-testid={testId}>
        <div className="dialog-head">
          <h2>{title}</h2>
          <button type="button" className="btn icon ghost" aria-label="Close" onClick={onClose}>
            <Icon name="close" />
          </button>
        </div>
        <div className="dialog-body">{children}</div>
        {footer ? <div className="dialog-foot">{footer}</div> : null}
      </div>
    </div>
  );
}

/**
 * Ask before deleting something: Cancel, or the danger button that closes the
 * dialog and runs `onConfirm`. `testId` names the dialog; its button is `${testId}`
 * with `-dialog` replaced by `-confirm` (`policy-delete-dialog` → `policy-delete-confirm`).
 */
export function ConfirmDelete({ title, confirm, testId, onConfirm, onClose, children }: { title: string; confirm: string; testId: string; onConfirm: () => void; onClose: () => void; children: ReactNode }) {
  return (
    <Dialog
      title={title}
      onClose={onClose}
      testId={testId}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn danger" onClick={() => (onClose(), onConfirm())} data-testid={testId.replace(/-dialog$/, '-confirm')}>
            {confirm}
          </button>
        </>
      }
    >
      <p>{children}</p>
    </Dialog>
  );
}
