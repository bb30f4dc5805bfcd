import { useReactFlow } from '@xyflow/react';
import type { FitViewOptions } from '@xyflow/react';
import { useCallback } from 'react';
import { useStores } from '../stores/store-context.tsx';

/** Fit options that keep nodes below the scenario's explanation card (`cardHeight` px) when it is open. */
export function fitOptions(cardHeight: number): FitViewOptions {
  return { padding: { top: `${Math.round(cardHeight) + 40}px`, left: '56px', right: '48px', bottom: '40px' }, duration: 200, maxZoom: 1.1 };
}

/** Fit the whole graph in view (after a layout, an open, an add); the view then follows nodes placed off-screen again. */
export function useFit(): () => void {
  const flow = useReactFlow();
  const stores = useStores();
  return useCallback(() => {
    stores.ui.getState().setFollowView(true);
    requestAnimationFrame(() => {
      const card = document.querySelector('[data-testid="explanation"]');
      void flow.fitView(fitOptions(card?.getBoundingClientRect().height ?? 0));
    });
  }, [flow, stores]);
}
