import { Dialog } from '../components/dialog.tsx';
import { useStores } from '../stores/store-context.tsx';

export const SHORTCUTS: [string, string][] = [
  ['Ctrl+Z', 'Undo'],
  ['Ctrl+Shift+Z / Ctrl+Y', 'Redo'],
  ['Ctrl+C / Ctrl+V', 'Copy / paste the selected nodes'],
  ['Ctrl+A', 'Select everything'],
  ['Delete / Backspace', 'Delete the selection'],
  ['Shift+click, Shift+drag', 'Multi-select'],
  ['Space', 'Run / pause the simulation'],
  ['.', 'Step one simulated second'],
  ['P', 'Publish and trace a message'],
  ['L', 'Auto layout'],
  ['F', 'Fit the graph in view'],
  ['T', 'Switch theme'],
  ['E', 'Examples'],
  ['Ctrl+S / Ctrl+O', 'Save / open a scenario'],
  ['Escape', 'Clear the selection and the trace'],
  ['Tab, Enter', 'Move between nodes and select one'],
  ['?', 'This list'],
];

/** Every keyboard shortcut. */
export function ShortcutsDialog() {
  const stores = useStores();
  return (
    <Dialog title="Keyboard shortcuts" onClose={() => stores.ui.getState().openDialog(null)} testId="shortcuts-dialog">
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(([k, what]) => (
            <tr key={k}>
              <td>
                {k.split(' / ').map((x, i) => (
                  <span key={x}>
                    {i > 0 ? ' / ' : ''}
                    <span className="kbd">{x}</span>
                  </span>
                ))}
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
