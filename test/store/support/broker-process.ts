import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./durable-broker.ts', import.meta.url));

/** A durable broker in a child process (see durable-broker.ts). */
export interface BrokerProcess {
  readonly port: number;
  /** The recovery report it printed at start. */
  readonly recovered: { messages: number; redelivered: number; dropped: { file: string; reason: string; bytes: number }[]; summary: string };
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Start a broker process on `dir` and wait until it listens. */
export function startBrokerProcess(dir: string): Promise<BrokerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', ENTRY, '--data-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    let recovered: BrokerProcess['recovered'] | undefined;
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith('RECOVERED ')) recovered = JSON.parse(line.slice(10)) as BrokerProcess['recovered'];
      if (!line.startsWith('PORT ')) return;
      resolve({
        port: Number(line.slice(5)),
        recovered: recovered!,
        kill: async (signal) => {
          child.kill(signal);
          await exited;
        },
      });
    });
    void exited.then(() => reject(new Error(`broker process exited before listening:\n${stderr}`)));
  });
}
