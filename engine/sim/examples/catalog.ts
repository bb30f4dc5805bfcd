/**
 * The example gallery shipped with the app, in display order: RabbitMQ's
 * tutorials, then patterns, then failure labs. Each file states what it
 * teaches (`description`) and asserts it. Hosts read the files from this
 * folder (`new URL(file, import.meta.url)`, or a bundler's glob import).
 */
export const EXAMPLE_FILES = [
  'tutorial-1-hello-world.json',
  'tutorial-2-work-queues.json',
  'tutorial-3-publish-subscribe.json',
  'tutorial-4-routing.json',
  'tutorial-5-topics.json',
  'tutorial-6-rpc.json',
  'tutorial-7-publisher-confirms.json',
  'round-robin.json',
  'competing-consumers-prefetch.json',
  'dead-letter-retry.json',
  'priority-queue.json',
  'overflow-reject-publish.json',
  'incident-drill.json',
  'lab-poison-message.json',
  'lab-slow-consumer.json',
  'lab-consumer-crash.json',
  'lab-queue-overflow.json',
  'lab-consumer-timeout.json',
  // A broker restart: what durability keeps (persistent messages in durable queues) and what it does not.
  'lab-broker-restart.json',
  // Confirms across a restart: unconfirmed is "in doubt", not lost; republishing means duplicates.
  'lab-restart-confirms.json',
] as const;

export type ExampleFile = (typeof EXAMPLE_FILES)[number];
