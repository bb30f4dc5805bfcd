import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import type { EngineClient } from '../client/engine-client.ts';
import type { GraphActions, GraphState, GraphStore } from './graph-store.ts';
import type { LiveActions, LiveState, LiveStore } from './live-store.ts';
import type { UiActions, UiState, UiStore } from './ui-store.ts';

/** The window's stores and its engine client. */
export interface AppStores {
  client: EngineClient;
  graph: GraphStore;
  live: LiveStore;
  ui: UiStore;
}

const StoresContext = createContext<AppStores | null>(null);

export function StoresProvider({ stores, children }: { stores: AppStores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

/** The stores themselves, for actions and non-reactive reads in event handlers. */
export function useStores(): AppStores {
  const s = useContext(StoresContext);
  if (!s) throw new Error('useStores needs a StoresProvider');
  return s;
}

/** Read the graph store with a selector (wrap multi-value selectors in `useShallow`). */
export function useGraph<T>(selector: (s: GraphState & GraphActions) => T): T {
  return useStore(useStores().graph, selector);
}

/** Read the live store with a selector. Components that read it re-render a few times a second. */
export function useLive<T>(selector: (s: LiveState & LiveActions) => T): T {
  return useStore(useStores().live, selector);
}

export function useUi<T>(selector: (s: UiState & UiActions) => T): T {
  return useStore(useStores().ui, selector);
}

export function useClient(): EngineClient {
  return useStores().client;
}
