/**
 * The AMQP listener: a `node:net` server whose sockets become `Transport`s
 * for the wire server. Loopback on 5672 by default, like a fresh RabbitMQ
 * node behind `loopback_users`. Backpressure runs both ways: a full socket
 * pauses deliveries until 'drain', and a blocked publisher's socket stops
 * being read.
 */
import { RealScheduler } from './real-scheduler.ts';
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import type { Broker } from '../core/broker.ts';
import { AmqpServer } from '../amqp/connection/amqp-server.ts';
import type { AmqpServerOptions } from '../amqp/connection/options.ts';
import type { Transport } from '../amqp/connection/transport.ts';

export const DEFAULT_AMQP_PORT = 5672;
export const DEFAULT_AMQP_HOST = '127.0.0.1';

/** Above this many unsent bytes a socket counts as full, though Node's own mark is 16 KiB. */
const SOCKET_BUFFER_LIMIT = 1024 * 1024;
/** After `end`, a peer that keeps its half open is dropped after this long. */
const END_GRACE_MS = 5_000;
/** On shutdown, clients get this long to answer connection.close. */
const SHUTDOWN_GRACE_MS = 1_000;

export interface AmqpListenerOptions extends AmqpServerOptions {
  /** Bind address; 127.0.0.1 by default. */
  host?: string;
  /** Port; 5672 by default, 0 for any free port. */
  port?: number;
  /** Called with errors a connection could not handle (never expected); defaults to console.error. */
  onInternalError?: (e: unknown) => void;
}

export interface AmqpListener {
  readonly host: string;
  readonly port: number;
  /** `amqp://host:port`. */
  readonly url: string;
  readonly server: AmqpServer;
  /** Stop accepting, close every client with 320 CONNECTION_FORCED, and wait for the sockets to go. */
  close(): Promise<void>;
}

/** A socket as a `Transport`. */
export function socketTransport(socket: Socket): Transport {
  return {
    remoteAddress: socket.remoteAddress ?? '',
    remotePort: socket.remotePort ?? 0,
    localAddress: socket.localAddress ?? '',
    localPort: socket.localPort ?? 0,
    write: (buf) => socket.write(buf) || socket.writableLength < SOCKET_BUFFER_LIMIT,
    cork: () => socket.cork(),
    uncork: () => socket.uncork(),
    pause: () => void socket.pause(),
    resume: () => void socket.resume(),
    end: () => {
      socket.end();
      setTimeout(() => socket.destroy(), END_GRACE_MS).unref();
    },
    destroy: () => void socket.destroy(),
  };
}

/** Listen for AMQP clients on `host:port` and serve them from `broker`. */
export async function startAmqpListener(broker: Broker, opts: AmqpListenerOptions = {}): Promise<AmqpListener> {
  const host = opts.host ?? DEFAULT_AMQP_HOST;
  // Heartbeats and handshake timeouts are protocol timers: wall clock, whatever clock the broker runs on.
  const server = new AmqpServer(broker, { scheduleFlush: setImmediate, scheduler: new RealScheduler(), ...opts });
  const sockets = new Set<Socket>();
  const report = opts.onInternalError ?? ((e: unknown) => console.error('brokerlab: AMQP connection error', e));

  const net: Server = createServer((socket) => {
    // A stopped node has no listener: while the broker restarts, a client is turned away at once.
    if (!broker.running) return void socket.destroy();
    socket.setNoDelay(true);
    sockets.add(socket);
    const conn = server.handle(socketTransport(socket));
    socket.on('data', (chunk: Buffer) => {
      try {
        conn.receive(chunk);
      } catch (e) {
        // receive never throws by design; if it does, this client goes, the broker stays.
        report(e);
        socket.destroy();
      }
    });
    socket.on('drain', () => conn.drained());
    socket.on('error', () => {
      // 'close' follows; a reset by the peer is not the broker's problem.
    });
    socket.on('close', () => {
      sockets.delete(socket);
      conn.transportClosed();
    });
  });

  await new Promise<void>((resolve, reject) => {
    net.once('error', reject);
    net.listen(opts.port ?? DEFAULT_AMQP_PORT, host, () => {
      net.off('error', reject);
      resolve();
    });
  });
  const port = (net.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;

  return {
    host,
    port,
    url: `amqp://${shown}:${port}`,
    server,
    close: async () => {
      const closed = new Promise<void>((resolve) => net.close(() => resolve()));
      server.shutdown();
      if (sockets.size > 0) {
        await new Promise<void>((resolve) => {
          const started = Date.now();
          const check = setInterval(() => {
            if (sockets.size > 0 && Date.now() - started < SHUTDOWN_GRACE_MS) return;
            clearInterval(check);
            resolve();
          }, 10);
        });
      }
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
