import { createStore } from 'zustand/vanilla';
import type { DotMode } from '../graph/edges/dot-colors.ts';
import type { RouteTrace } from '../model/trace-view.ts';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type BottomTab = 'charts' | 'messages' | 'events' | 'assertions' | 'policies' | 'users';
export type DialogName = 'publish' | 'examples' | 'shortcuts' | 'new' | null;
export type ChartWindow = 60_000 | 300_000 | 900_000;

/** What the user is looking at: selection, theme, panels, dialogs. Changes at human speed. */
export interface UiState {
  theme: ThemeChoice;
  /** Selected graph element ids (nodes and edges). */
  selection: string[];
  bottomTab: BottomTab;
  bottomOpen: boolean;
  inspectorOpen: boolean;
  explanationOpen: boolean;
  dialog: DialogName;
  /** Prefill for the publish dialog (exchange name). */
  publishTarget: { exchange: string; routingKey: string } | null;
  /** The last trace, highlighted on the graph until dismissed. */
  trace: RouteTrace | null;
  chartWindow: ChartWindow;
  /** The chart's subject: a node id, or null for the whole broker. */
  chartEntity: string | null;
  /** The user's choice for edge animation; `auto` turns it off on large graphs (and for reduced motion). */
  motion: 'auto' | 'on' | 'off';
  /** Whether edges animate now (moving dashes and message dots), from `motion` and the graph's size. */
  animate: boolean;
  /** What the travelling dots' colours say: each message's outcome, or its routing key. */
  dotColors: DotMode;
  /** Whether the view follows nodes placed off-screen: true after a fit, false once the user pans or zooms by hand. */
  followView: boolean;
  /** The policy the Policies tab edits: a name, '' for a new one, null for none. */
  policyEdit: string | null;
  /** The user the Users tab edits: a name, '' for a new one, null for none. */
  userEdit: string | null;
  /** Transient message at the bottom of the screen. */
  toast: { text: string; kind: 'info' | 'error' } | null;
}

export interface UiActions {
  setTheme(t: ThemeChoice): void;
  select(ids: string[]): void;
  showTab(tab: BottomTab): void;
  /** Open the Policies tab on a policy's form ('' for a new policy, null for the list alone). */
  editPolicy(name: string | null): void;
  /** Open the Users tab on a user's form ('' for a new user, null for the list alone). */
  editUser(name: string | null): void;
  toggleBottom(open?: boolean): void;
  toggleInspector(open?: boolean): void;
  toggleExplanation(open?: boolean): void;
  openDialog(d: DialogName, publishTarget?: UiState['publishTarget']): void;
  setTrace(t: RouteTrace | null): void;
  setChartWindow(w: ChartWindow): void;
  setChartEntity(id: string | null): void;
  notify(text: string, kind?: 'info' | 'error'): void;
  setMotion(motion: UiState['motion']): void;
  setAnimate(animate: boolean): void;
  setFollowView(follow: boolean): void;
  setDotColors(mode: DotMode): void;
}

export type UiStore = ReturnType<typeof createUiStore>;

const THEME_KEY = 'brokerlab.theme';

/** The theme switch goes round: system → light → dark → system. */
export function nextTheme(t: ThemeChoice): ThemeChoice {
  return t === 'system' ? 'light' : t === 'light' ? 'dark' : 'system';
}

function savedTheme(): ThemeChoice {
  const t = typeof localStorage === 'undefined' ? null : localStorage.getItem(THEME_KEY);
  return t === 'light' || t === 'dark' || t === 'system' ? t : 'system';
}

/** Create the UI store. */
export function createUiStore(init: Partial<UiState> = {}) {
  let toastTimer: ReturnType<typeof setTimeout> | undefined;
  return createStore<UiState & UiActions>()((set) => ({
    theme: savedTheme(),
    selection: [],
    bottomTab: 'charts',
    bottomOpen: true,
    inspectorOpen: true,
    explanationOpen: true,
    dialog: null,
    publishTarget: null,
    trace: null,
    chartWindow: 300_000,
    chartEntity: null,
    toast: null,
    policyEdit: null,
    userEdit: null,
    motion: 'auto',
    animate: true,
    followView: true,
    dotColors: 'outcome',
    ...init,
    setTheme: (theme) => {
      if (typeof localStorage !== 'undefined') localStorage.setItem(THEME_KEY, theme);
      set({ theme });
    },
    select: (selection) => set({ selection }),
    showTab: (bottomTab) => set({ bottomTab, bottomOpen: true }),
    editPolicy: (policyEdit) => set({ policyEdit, bottomTab: 'policies', bottomOpen: true }),
    editUser: (userEdit) => set({ userEdit, bottomTab: 'users', bottomOpen: true }),
    toggleBottom: (open) => set((s) => ({ bottomOpen: open ?? !s.bottomOpen })),
    toggleInspector: (open) => set((s) => ({ inspectorOpen: open ?? !s.inspectorOpen })),
    toggleExplanation: (open) => set((s) => ({ explanationOpen: open ?? !s.explanationOpen })),
    openDialog: (dialog, publishTarget = null) => set({ dialog, publishTarget }),
    setTrace: (trace) => set({ trace }),
    setChartWindow: (chartWindow) => set({ chartWindow }),
    setChartEntity: (chartEntity) => set({ chartEntity }),
    setMotion: (motion) => set({ motion }),
    setAnimate: (animate) => set({ animate }),
    setFollowView: (followView) => set({ followView }),
    setDotColors: (dotColors) => set({ dotColors }),
    notify: (text, kind = 'info') => {
      clearTimeout(toastTimer);
      set({ toast: { text, kind } });
      toastTimer = setTimeout(() => set({ toast: null }), kind === 'error' ? 8000 : 4000);
    },
  }));
}
