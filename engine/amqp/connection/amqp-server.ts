/**
 * The AMQP 0-9-1 server over the engine: it never opens a socket. Each
 * client arrives as a `Transport` through `handle` (aedes' `handle(duplex)`),
 * from the TCP adapter or from a test's in-memory pair alike.
 */
import type { Broker } from '../../core/broker.ts';
import { AmqpConnection } from './amqp-connection.ts';
import type { ServerContext } from './amqp-connection.ts';
import { MemoryAlarm } from './memory-alarm.ts';
import type { AmqpServerOptions, ResolvedServerOptions } from './options.ts';
import { resolveServerOptions } from './options.ts';
import type { Transport } from './transport.ts';

export class AmqpServer implements ServerContext {
  readonly options: ResolvedServerOptions;
  readonly alarm: MemoryAlarm | undefined;
  /** Live client connections, handshake included. */
  readonly connections = new Set<AmqpConnection>();

  constructor(
    readonly broker: Broker,
    opts: AmqpServerOptions = {},
  ) {
    this.options = resolveServerOptions(opts, broker.scheduler);
    this.alarm = opts.memory === undefined ? undefined : new MemoryAlarm(opts.memory, broker, this.options.scheduler);
  }

  /** Serve one client over `transport`. Feed it bytes with `receive`; tell it `drained` and `transportClosed`. */
  handle(transport: Transport): AmqpConnection {
    const c = new AmqpConnection(this, transport);
    this.connections.add(c);
    return c;
  }

  removed(c: AmqpConnection): void {
    this.connections.delete(c);
  }

  /** Close every client with 320 CONNECTION_FORCED and stop the memory alarm. */
  shutdown(reason = 'shutdown'): void {
    this.alarm?.stop();
    for (const c of [...this.connections]) c.forceClose(reason);
  }
}
