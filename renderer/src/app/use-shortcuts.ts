import { useEffect } from 'react';
import { useFit } from '../graph/use-fit.ts';
import { openScenario, saveScenario } from '../stores/file-commands.ts';
import { copySelected, deleteSelected, paste, selectIds } from '../stores/graph-commands.ts';
import { pause, play, step } from '../stores/sim-commands.ts';
import type { AppStores } from '../stores/store-context.tsx';
import { nextTheme } from '../stores/ui-store.ts';
import { pickTextFile } from '../util/download.ts';

function typing(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/** The window's keyboard shortcuts (listed in the shortcuts dialog). Off while typing in a field or a dialog is open. */
export function useShortcuts(s: AppStores): void {
  const fit = useFit();
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (typing(e.target) || s.ui.getState().dialog !== null) return;
      const mod = e.ctrlKey || e.metaKey;
      const k = e.key.toLowerCase();
      const ui = s.ui.getState();
      const g = s.graph.getState();
      let handled = true;
      if (mod && k === 'z' && !e.shiftKey) void g.undo();
      else if (mod && ((k === 'z' && e.shiftKey) || k === 'y')) void g.redo();
      else if (mod && k === 'c') {
        const n = copySelected(s);
        if (n > 0) ui.notify(`Copied ${n} element${n === 1 ? '' : 's'}`);
      } else if (mod && k === 'v') void paste(s);
      else if (mod && k === 'a') selectIds(s, g.nodes.map((n) => n.id));
      else if (mod && k === 's') void saveScenario(s);
      else if (mod && k === 'o') void pickTextFile().then((f) => f && openScenario(s, JSON.parse(f.text), f.name));
      else if (mod || e.altKey) handled = false;
      else if (k === 'delete' || k === 'backspace') void deleteSelected(s);
      else if (k === ' ') void (s.live.getState().sim.running ? pause(s) : play(s));
      else if (k === '.') void step(s, 1000);
      else if (k === 'p') ui.openDialog('publish');
      else if (k === 'e') ui.openDialog('examples');
      else if (k === '?') ui.openDialog('shortcuts');
      else if (k === 'l') {
        g.layout();
      } else if (k === 'f') fit();
      else if (k === 't') ui.setTheme(nextTheme(ui.theme));
      else if (k === 'escape') {
        ui.setTrace(null);
        selectIds(s, []);
      } else handled = false;
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [s, fit]);
}
