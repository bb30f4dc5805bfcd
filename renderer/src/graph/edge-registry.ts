import type { EdgeTypes } from '@xyflow/react';
import { BindingEdge } from './edges/binding-edge.tsx';
import { FlowEdge } from './edges/flow-edge.tsx';
import { LinkEdge } from './edges/link-edge.tsx';

/** One component per edge type. */
export const EDGE_TYPES = {
  binding: BindingEdge,
  flow: FlowEdge,
  link: LinkEdge,
} satisfies EdgeTypes;
