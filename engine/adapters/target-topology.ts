import amqp from 'amqplib';
import type { Channel as AmqpChannel, ChannelModel } from 'amqplib';
import { AmqpError } from '../core/errors.ts';
import type { ScenarioIssue } from '../sim/scenario/issues.ts';
import type { PathedCommand } from '../sim/scenario/topology-commands.ts';

/** A queue or exchange a run created on the target (it did not exist before). */
export interface CreatedEntity {
  kind: 'queue' | 'exchange';
  vhost: string;
  name: string;
}

/** A protocol error from amqplib (`code` is the reply code) as an `AmqpError`. */
export function toAmqpError(e: unknown): AmqpError {
  const code = typeof (e as { code?: unknown }).code === 'number' ? (e as { code: number }).code : 541;
  const text = e instanceof Error ? e.message.replace(/^.*?with message "(.*)"$/s, '$1') : String(e);
  return new AmqpError(code, text.replace(/^[A-Z_]+ - /, ''));
}

const SKIPPED = new Set(['vhost.add', 'user.add', 'permission.set', 'topic-permission.set', 'policy.set']);

/** One connection per vhost, with a channel that is replaced whenever the broker closes it. */
class VhostConnections {
  private readonly models = new Map<string, Promise<ChannelModel>>();

  constructor(private readonly urlFor: (vhost: string) => string) {}

  private model(vhost: string): Promise<ChannelModel> {
    let m = this.models.get(vhost);
    if (!m) {
      m = amqp.connect(this.urlFor(vhost), { noDelay: true }).then((model) => {
        model.on('error', () => undefined);
        return model;
      });
      this.models.set(vhost, m);
    }
    return m;
  }

  /** Run `fn` on a fresh channel (a refusal closes it; the rejected promise reports it). */
  async use<T>(vhost: string, fn: (ch: AmqpChannel) => Promise<T>): Promise<T> {
    const ch = await (await this.model(vhost)).createChannel();
    ch.on('error', () => undefined);
    try {
      return await fn(ch);
    } finally {
      await ch.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    for (const m of this.models.values()) await m.then((model) => model.close()).catch(() => undefined);
    this.models.clear();
  }
}

/** Whether a passive declare finds it; 404 NOT_FOUND is "no", other refusals are thrown. */
async function exists(conns: VhostConnections, kind: CreatedEntity['kind'], vhost: string, name: string): Promise<boolean> {
  try {
    await conns.use(vhost, (ch) => (kind === 'queue' ? ch.checkQueue(name) : ch.checkExchange(name)));
    return true;
  } catch (e) {
    if (toAmqpError(e).code === 404) return false;
    throw e;
  }
}

/**
 * Declare a scenario's exchanges, queues and bindings on a target broker,
 * one connection per vhost. Vhosts, users, permissions and policies cannot be
 * made over AMQP: they are reported as skipped and must exist already.
 * Queues and exchanges that did not exist before are listed in `created`, for
 * `removeCreated` to delete after the run; what existed is never deleted.
 */
export async function declareOnTarget(
  urlFor: (vhost: string) => string,
  commands: readonly PathedCommand[],
): Promise<{ errors: ScenarioIssue[]; skipped: ScenarioIssue[]; created: CreatedEntity[] }> {
  const errors: ScenarioIssue[] = [];
  const skipped: ScenarioIssue[] = [];
  const created: CreatedEntity[] = [];
  const conns = new VhostConnections(urlFor);
  try {
    for (const { command: c, path } of commands) {
      if (SKIPPED.has(c.type)) {
        skipped.push({ path, message: `${c.type} cannot be done over AMQP; it must exist on the target already` });
        continue;
      }
      try {
        if (c.type === 'exchange.declare') {
          const isNew = c.name !== '' && !c.name.startsWith('amq.') && !(await exists(conns, 'exchange', c.vhost, c.name));
          await conns.use(c.vhost, (ch) => ch.assertExchange(c.name, c.exchangeType, { durable: c.durable, autoDelete: c.autoDelete, internal: c.internal, arguments: c.arguments }));
          if (isNew) created.push({ kind: 'exchange', vhost: c.vhost, name: c.name });
        } else if (c.type === 'queue.declare') {
          const isNew = !(await exists(conns, 'queue', c.vhost, c.name));
          await conns.use(c.vhost, (ch) => ch.assertQueue(c.name, { durable: c.durable, exclusive: false, autoDelete: c.autoDelete, arguments: c.arguments }));
          if (isNew) created.push({ kind: 'queue', vhost: c.vhost, name: c.name });
        } else if (c.type === 'binding.add') {
          await conns.use(c.vhost, (ch) =>
            c.destinationType === 'queue' ? ch.bindQueue(c.destination, c.source, c.routingKey, c.arguments) : ch.bindExchange(c.destination, c.source, c.routingKey, c.arguments),
          );
        }
      } catch (e) {
        errors.push({ path, message: toAmqpError(e).replyText });
      }
    }
  } finally {
    await conns.close();
  }
  return { errors, skipped, created };
}

/**
 * Delete what a run created on the target (queues first, then exchanges; the
 * bindings go with them). Returns what could not be deleted, as text.
 */
export async function removeCreated(urlFor: (vhost: string) => string, created: readonly CreatedEntity[]): Promise<string[]> {
  const failed: string[] = [];
  const conns = new VhostConnections(urlFor);
  const ordered = [...created.filter((e) => e.kind === 'queue'), ...created.filter((e) => e.kind === 'exchange')];
  try {
    for (const e of ordered) {
      try {
        await conns.use(e.vhost, (ch) => (e.kind === 'queue' ? ch.deleteQueue(e.name) : ch.deleteExchange(e.name)));
      } catch (err) {
        failed.push(`${e.kind} '${e.name}' in vhost '${e.vhost}': ${toAmqpError(err).replyText}`);
      }
    }
  } finally {
    await conns.close();
  }
  return failed;
}
