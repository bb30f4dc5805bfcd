import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../../bin/brokerlab.mjs', import.meta.url));

/** `brokerlab serve --data-dir DIR` in a child process, on a free AMQP port, without the web UI. */
export interface BrokerProcess {
  readonly port: number;
  /** The `store: …` lines it logged while recovering. */
  readonly storeLog: string[];
  /** Send `signal` and wait for the exit; after `graceMs`, SIGKILL (and say so in the result). */
  kill(signal: NodeJS.Signals, graceMs?: number): Promise<{ forced: boolean; output: string }>;
}

/** Start the broker on `dir` and wait until it listens. */
export function startBrokerProcess(dir: string): Promise<BrokerProcess> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--data-dir', dir, '--amqp-port', '0', '--no-http'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve, reject) => {
    const storeLog: string[] = [];
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      output += `${line}\n`;
      if (line.startsWith('store: ')) storeLog.push(line);
      const m = /AMQP 0-9-1 on amqp:\/\/[^:]+:(\d+)/.exec(line);
      if (!m) return;
      resolve({
        port: Number(m[1]),
        storeLog,
        kill: async (signal, graceMs = 10_000) => {
          child.kill(signal);
          let forced = false;
          const timer = setTimeout(() => {
            forced = true;
            child.kill('SIGKILL');
          }, graceMs);
          await exited;
          clearTimeout(timer);
          return { forced, output };
        },
      });
    });
    void exited.then(() => reject(new Error(`broker process exited before listening:\n${output}`)));
  });
}
