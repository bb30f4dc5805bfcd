import type { NodeTypes } from '@xyflow/react';
import { ClientNode, ConsumerNode, ProducerNode } from './nodes/client-nodes.tsx';
import { ExchangeNode } from './nodes/exchange-node.tsx';
import { QueueNode } from './nodes/queue-node.tsx';

/** One component per node type; the `type` of every `AppNode` is a key here. */
export const NODE_TYPES = {
  exchange: ExchangeNode,
  queue: QueueNode,
  producer: ProducerNode,
  consumer: ConsumerNode,
  client: ClientNode,
} satisfies NodeTypes;
