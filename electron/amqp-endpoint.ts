/**
 * The desktop app's AMQP listener: started on the configured address, moved
 * when the settings change, and when the port is taken, a clear message
 * instead of a crash (the app still works with simulated clients).
 * No electron import: tests run it on real sockets.
 */
import type { AmqpListener } from '../engine/adapters/tcp-listener.ts';
import { startAmqpListener } from '../engine/adapters/tcp-listener.ts';
import type { Broker } from '../engine/core/broker.ts';

export class AmqpEndpoint {
  private listener: AmqpListener | undefined;
  /** Why the listener is not running, when it is not. */
  problem: string | undefined;

  constructor(
    private readonly broker: Broker,
    private readonly version: string,
  ) {}

  /** Where real clients connect, while the listener runs. */
  get address(): { host: string; port: number } | undefined {
    return this.listener ? { host: this.listener.host, port: this.listener.port } : undefined;
  }

  /** (Re)start on `host:port`. Resolves to the problem text when it could not listen. */
  async start(host: string, port: number): Promise<string | undefined> {
    if (this.listener && this.listener.host === host && this.listener.port === port) return undefined;
    await this.stop();
    try {
      this.listener = await startAmqpListener(this.broker, { host, port, version: this.version, platform: `Electron ${process.versions['electron'] ?? ''}`.trim() });
      this.problem = undefined;
    } catch (e) {
      const code = (e as { code?: string }).code;
      this.problem =
        code === 'EADDRINUSE'
          ? `AMQP port ${port} on ${host} is already in use (another broker?). Real clients cannot connect until you pick a free port in Settings.`
          : `The AMQP listener could not start on ${host}:${port}: ${(e as Error).message}`;
    }
    return this.problem;
  }

  async stop(): Promise<void> {
    const l = this.listener;
    this.listener = undefined;
    await l?.close();
  }
}
