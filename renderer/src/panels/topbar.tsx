import { Icon } from '../components/icons.tsx';
import { MenuButton } from '../components/menu.tsx';
import { useFit } from '../graph/use-fit.ts';
import { exportDefinitions, importDefinitions, newScenario, openScenario, saveScenario } from '../stores/file-commands.ts';
import { recentScenarios } from '../stores/recent-files.ts';
import { useGraph, useLive, useStores, useUi } from '../stores/store-context.tsx';
import { nextTheme } from '../stores/ui-store.ts';
import { pickTextFile } from '../util/download.ts';
import { SimControls } from './sim-controls.tsx';

async function readJson(s: ReturnType<typeof useStores>, then: (doc: unknown, name: string) => Promise<unknown>): Promise<void> {
  const f = await pickTextFile();
  if (!f) return;
  try {
    await then(JSON.parse(f.text), f.name);
  } catch (e) {
    s.ui.getState().notify(`${f.name} is not JSON: ${(e as Error).message}`, 'error');
  }
}

/** The top bar: files, examples, edit actions, the simulation controls, link state and theme. */
export function TopBar() {
  const stores = useStores();
  const fit = useFit();
  const canUndo = useGraph((s) => s.past.length > 0);
  const canRedo = useGraph((s) => s.future.length > 0);
  const link = useLive((s) => s.link);
  const vhost = useGraph((s) => s.vhost);
  const vhosts = useGraph((s) => s.vhosts);
  const theme = useUi((s) => s.theme);
  const dark = theme === 'dark' || (theme === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  const ui = stores.ui.getState();
  const recent = recentScenarios();
  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          B
        </span>
        Brokerlab
      </div>
      <MenuButton
        label="File"
        icon={<Icon name="file" />}
        testId="menu-file"
        items={[
          { label: 'New scenario', onSelect: () => void newScenario(stores), testId: 'file-new' },
          { label: 'Open scenario…', onSelect: () => void readJson(stores, (d, n) => openScenario(stores, d, n)), shortcut: 'Ctrl+O', testId: 'file-open' },
          { label: 'Save scenario', onSelect: () => void saveScenario(stores), shortcut: 'Ctrl+S', testId: 'file-save' },
          'separator',
          { label: 'Import definitions.json…', onSelect: () => void readJson(stores, (d, n) => importDefinitions(stores, d, n)), testId: 'file-import-definitions' },
          { label: 'Export definitions.json', onSelect: () => void exportDefinitions(stores), testId: 'file-export-definitions' },
          ...(recent.length > 0 ? (['separator', { heading: 'Recent' }] as const) : []),
          ...recent.map((r) => ({ label: r.name, onSelect: () => void openScenario(stores, r.doc, r.name) })),
        ]}
      />
      <button type="button" className="btn ghost" onClick={() => ui.openDialog('examples')} data-testid="open-examples">
        <Icon name="book" /> Examples
      </button>
      <span className="sep" />
      <button type="button" className="btn icon ghost" aria-label="Undo" title="Undo (Ctrl+Z)" disabled={!canUndo} onClick={() => void stores.graph.getState().undo()} data-testid="undo">
        <Icon name="undo" />
      </button>
      <button type="button" className="btn icon ghost" aria-label="Redo" title="Redo (Ctrl+Shift+Z)" disabled={!canRedo} onClick={() => void stores.graph.getState().redo()} data-testid="redo">
        <Icon name="redo" />
      </button>
      <button
        type="button"
        className="btn icon ghost"
        aria-label="Auto layout"
        title="Auto layout (L)"
        onClick={() => {
          stores.graph.getState().layout();
        }}
        data-testid="auto-layout"
      >
        <Icon name="layout" />
      </button>
      <button type="button" className="btn icon ghost" aria-label="Fit view" title="Fit view (F)" onClick={fit}>
        <Icon name="fit" />
      </button>
      <button type="button" className="btn ghost" onClick={() => ui.openDialog('publish')} title="Publish a message and trace its route (P)" data-testid="open-publish">
        <Icon name="send" /> Publish &amp; trace
      </button>
      <label className="seed" title="The virtual host the graph shows">
        <span>vhost</span>
        <select
          className="select compact mono"
          value={vhost}
          aria-label="Virtual host"
          data-testid="vhost"
          onChange={(e) => {
            stores.graph.getState().setVhost(e.target.value);
            stores.live.getState().resetHistory();
            void stores.client.call('topology:get', {}).then((t) => stores.graph.getState().ingestTopology(t));
          }}
        >
          {(vhosts.includes(vhost) ? vhosts : [vhost, ...vhosts]).map((v) => (
            <option key={v}>{v}</option>
          ))}
        </select>
      </label>
      <div className="spacer" />
      <SimControls />
      <span className="sep" />
      <span className={`pill ${link === 'open' ? 'ok' : 'danger'}`} role="status" aria-label={`Host link ${link}`} data-testid="link-state">
        {link === 'open' ? 'connected' : link}
      </span>
      <button
        type="button"
        className="btn icon ghost"
        aria-label={`Theme: ${theme === 'system' ? `system (${dark ? 'dark' : 'light'})` : theme}. Switch to ${nextTheme(theme)}`}
        title={`Theme: ${theme} (T switches to ${nextTheme(theme)})`}
        onClick={() => ui.setTheme(nextTheme(theme))}
        data-testid="theme-toggle"
        data-theme-choice={theme}
      >
        <Icon name={theme === 'system' ? 'client' : dark ? 'moon' : 'sun'} />
      </button>
      <button type="button" className="btn icon ghost" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => ui.openDialog('shortcuts')}>
        <Icon name="keyboard" />
      </button>
    </header>
  );
}
