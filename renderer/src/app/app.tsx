import { useEffect } from 'react';
import { GraphCanvas } from '../graph/graph-canvas.tsx';
import { BottomPanel } from '../panels/bottom-panel.tsx';
import { ExamplesDialog } from '../panels/examples-dialog.tsx';
import { ExplanationCard } from '../panels/explanation-card.tsx';
import { Inspector } from '../panels/inspector/inspector.tsx';
import { Palette } from '../panels/palette.tsx';
import { PublishDialog } from '../panels/publish-dialog.tsx';
import { ShortcutsDialog } from '../panels/shortcuts-dialog.tsx';
import { TopBar } from '../panels/topbar.tsx';
import { TraceCard } from '../panels/trace-card.tsx';
import { useLive, useStores, useUi } from '../stores/store-context.tsx';
import { Toast } from './toast.tsx';
import { useShortcuts } from './use-shortcuts.ts';

/** Follow the chosen theme (or the system's) on the document. */
function useTheme(): void {
  const theme = useUi((s) => s.theme);
  useEffect(() => {
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = (): void => document.documentElement.setAttribute('data-theme', theme === 'system' ? (mq.matches ? 'dark' : 'light') : theme);
    apply();
    mq.addEventListener('change', apply);
    return () => mq.removeEventListener('change', apply);
  }, [theme]);
}

/** The studio: palette, graph, inspector, and the details panel, with the dialogs on top. */
export function App() {
  const stores = useStores();
  const dialog = useUi((s) => s.dialog);
  const link = useLive((s) => s.link);
  const linkDetail = useLive((s) => s.linkDetail);
  useTheme();
  useShortcuts(stores);
  return (
    <div className="app">
      <TopBar />
      <Palette />
      <main className="canvas-wrap" aria-label="Topology graph">
        <GraphCanvas />
        <ExplanationCard />
        <TraceCard />
      </main>
      <Inspector />
      <BottomPanel />
      {dialog === 'publish' ? <PublishDialog /> : null}
      {dialog === 'examples' ? <ExamplesDialog /> : null}
      {dialog === 'shortcuts' ? <ShortcutsDialog /> : null}
      {link === 'reconnecting' || link === 'closed' ? (
        <div className="link-banner" role="alert" data-testid="link-banner">
          {link === 'reconnecting' ? 'The connection to the host was lost; reconnecting…' : 'The connection to the host was lost. Reload the page to reconnect.'}
          {linkDetail ? <small className="link-detail">{linkDetail}</small> : null}
        </div>
      ) : null}
      <Toast />
    </div>
  );
}
