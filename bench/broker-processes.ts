/**
 * The two brokers the AMQP benchmarks compare, each in its own process on
 * loopback: Brokerlab through `brokerlab serve`, and Debian's RabbitMQ
 * (test/support/rabbitmq-node.ts), both stopped after.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { groupCpuSeconds, stopProcess, track } from '../test/support/rabbitmq-node.ts';

export { rabbitmqUnavailable, startRabbitmq } from '../test/support/rabbitmq-node.ts';

export interface RunningBroker {
  name: string;
  url: string;
  /** CPU seconds (user + system) used so far by the broker's processes. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** `brokerlab serve` on a free port, in a child process. */
export async function startBrokerlab(): Promise<RunningBroker> {
  const bin = fileURLToPath(new URL('../bin/brokerlab.mjs', import.meta.url));
  const proc = track(spawn(process.execPath, [bin, 'serve', '--amqp-port', '0', '--no-http'], { stdio: ['ignore', 'pipe', 'inherit'], detached: true }));
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /AMQP 0-9-1 on amqp:\/\/(\S+)/.exec(out);
      if (m) resolve(`amqp://guest:guest@${m[1]}`);
    });
    proc.once('exit', (code) => reject(new Error(`brokerlab serve exited with ${code}: ${out}`)));
  });
  return { name: 'Brokerlab', url, cpuSeconds: () => groupCpuSeconds(proc.pid!), stop: () => stopProcess(proc, true) };
}
