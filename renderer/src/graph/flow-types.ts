import type { Edge, Node } from '@xyflow/react';
import type { JsonFieldTable } from '../../../engine/host/field-json.ts';
import type { BindingModel, ExchangeModel, QueueModel } from '../model/topology-model.ts';
import type { ConsumerDraft, ProducerDraft } from '../model/scenario-doc.ts';
import type { ClientSchedule } from '../model/timeline-clients.ts';
import type { DotKey } from './edges/dot-colors.ts';

/** Node data: one variant per node type, never a shared bag of optional fields. */
/** `alternate` and `deadLetters`: the node has that link, from its arguments or its policy. */
export type ExchangeNodeData = { kind: 'exchange'; vhost: string; exchange: ExchangeModel; alternate: boolean; draft: boolean; error: string | null };
/** `effective`: the queue's arguments in effect, its policy's included (what the card's limits show). */
export type QueueNodeData = { kind: 'queue'; vhost: string; queue: QueueModel; effective: JsonFieldTable; deadLetters: boolean; draft: boolean; error: string | null };
/** A simulated client; `schedule` says when the scenario's timeline adds or removes it. */
export type ProducerNodeData = { kind: 'producer'; producer: ProducerDraft; issue: string | null; schedule: ClientSchedule | null };
export type ConsumerNodeData = { kind: 'consumer'; consumer: ConsumerDraft; issue: string | null; schedule: ClientSchedule | null };
/** A real AMQP client connected to the embedded broker. */
export type ClientNodeData = { kind: 'client'; connection: RealClient };

export type ExchangeFlowNode = Node<ExchangeNodeData, 'exchange'>;
export type QueueFlowNode = Node<QueueNodeData, 'queue'>;
export type ProducerFlowNode = Node<ProducerNodeData, 'producer'>;
export type ConsumerFlowNode = Node<ConsumerNodeData, 'consumer'>;
export type ClientFlowNode = Node<ClientNodeData, 'client'>;
export type AppNode = ExchangeFlowNode | QueueFlowNode | ProducerFlowNode | ConsumerFlowNode | ClientFlowNode;
export type AppNodeData = AppNode['data'];
export type NodeKind = AppNodeData['kind'];

/** A real client as the graph shows it (from the host's connections, channels and consumers). */
export interface RealClient {
  id: string;
  number: number;
  name: string;
  user: string;
  peer: string | null;
  channels: number;
  /** Queues it consumes from, with the consumer tags. */
  consumes: { queue: string; tag: string }[];
  /** Exchanges it publishes to (never the default exchange), sorted. */
  publishesTo: string[];
  /** Queues it addressed through the default exchange (their routing keys), sorted. */
  sendsTo: string[];
}

/** Edge data, one variant per edge type. */
export type BindingEdgeData = {
  kind: 'binding';
  vhost: string;
  binding: BindingModel;
  exchangeType: string;
  draft: boolean;
  error: string | null;
  /** Position among the bindings between the same two nodes, so their labels do not overlap. */
  lane: number;
  lanes: number;
};
/** Messages flowing from a client or to one; `rateOf` names the node whose stats give the edge's rate. */
/** `keys`: the routing keys its messages carry, when known, for dots coloured by key. */
export type FlowEdgeData = { kind: 'publish' | 'consume' | 'client' | 'client-publish'; label: string; rateOf: string; rateSide: 'in' | 'out'; keys: DotKey[] };
/** A dead-letter or alternate-exchange link, drawn from the queue's or exchange's arguments. */
/** `key`: the dead-letter routing key, when the queue sets one. */
export type LinkEdgeData = { kind: 'dead-letter' | 'alternate'; label: string; rateOf: string; key?: string };

export type BindingFlowEdge = Edge<BindingEdgeData, 'binding'>;
export type FlowFlowEdge = Edge<FlowEdgeData, 'flow'>;
export type LinkFlowEdge = Edge<LinkEdgeData, 'link'>;
export type AppEdge = BindingFlowEdge | FlowFlowEdge | LinkFlowEdge;

export interface XY {
  x: number;
  y: number;
}
