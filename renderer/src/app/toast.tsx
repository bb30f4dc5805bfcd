import { Icon } from '../components/icons.tsx';
import { useUi } from '../stores/store-context.tsx';

/** Transient messages; errors are announced assertively to screen readers. */
export function Toast() {
  const toast = useUi((s) => s.toast);
  return (
    <div aria-live={toast?.kind === 'error' ? 'assertive' : 'polite'} className="toast-region">
      {toast ? (
        <div className={`toast ${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'} data-testid="toast">
          <Icon name={toast.kind === 'error' ? 'warning' : 'info'} size={15} />
          <span>{toast.text}</span>
        </div>
      ) : null}
    </div>
  );
}
