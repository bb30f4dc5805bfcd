/**
 * The two brokers the AMQP benchmark compares, each in its own process on
 * loopback: Brokerlab through `brokerlab serve`, and Debian's RabbitMQ started
 * with its own node name, ports and temporary directories (so it never
 * touches a node already running on this machine), both stopped after.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import amqp from 'amqplib';

export interface RunningBroker {
  name: string;
  url: string;
  /** CPU seconds (user + system) used so far by the broker's processes. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** CPU seconds of every process in process group `pgid`, from /proc (0 where /proc is missing). */
export function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return 0;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after "(comm)": state ppid pgrp ... utime(14) stime(15), counted from 1.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(f[2]) === pgid) ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / 100;
}

const RABBITMQ_SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Brokers still running: killed when the benchmark exits however it ends. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const p of running) {
    try {
      if (p.pid !== undefined) process.kill(-p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

function track(proc: ChildProcess): ChildProcess {
  running.add(proc);
  proc.once('exit', () => running.delete(proc));
  return proc;
}

function stopProcess(proc: ChildProcess, group: boolean): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = (sig: NodeJS.Signals): void => {
      try {
        // A detached child leads its own process group: signal the group it started, nothing else.
        if (group && proc.pid !== undefined) process.kill(-proc.pid, sig);
        else proc.kill(sig);
      } catch {
        // already gone
      }
    };
    const hard = setTimeout(() => kill('SIGKILL'), 20_000);
    proc.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    kill('SIGTERM');
  });
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

/** Why RabbitMQ cannot run here, or undefined when it can. */
export function rabbitmqUnavailable(): string | undefined {
  return existsSync(RABBITMQ_SERVER) ? undefined : `RabbitMQ not installed (${RABBITMQ_SERVER} missing; apt-get install rabbitmq-server)`;
}

/** A throwaway RabbitMQ node on loopback, ready once an AMQP login succeeds. */
export async function startRabbitmq(): Promise<RunningBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'brokerlab-bench-rabbitmq-'));
  const port = await freePort();
  const distPort = await freePort();
  writeFileSync(join(dir, 'enabled_plugins'), '[].\n');
  writeFileSync(join(dir, 'rabbitmq.conf'), `listeners.tcp.default = 127.0.0.1:${port}\nloopback_users.guest = true\n`);
  const proc = track(spawn(RABBITMQ_SERVER, [], {
    cwd: dir,
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore'],
    env: {
      ...process.env,
      HOME: dir,
      RABBITMQ_NODENAME: `brokerlab-bench-${process.pid}@localhost`,
      RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
      RABBITMQ_NODE_PORT: String(port),
      RABBITMQ_DIST_PORT: String(distPort),
      RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
      RABBITMQ_LOG_BASE: join(dir, 'log'),
      RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
      RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
      RABBITMQ_PID_FILE: join(dir, 'pid'),
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
    },
  }));
  const url = `amqp://guest:guest@127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await stopProcess(proc, true);
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      const c = await amqp.connect(url);
      await c.close();
      return { name: 'RabbitMQ', url, cpuSeconds: () => groupCpuSeconds(proc.pid!), stop };
    } catch {
      if (proc.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`RabbitMQ did not start on port ${port} (exit ${proc.exitCode})`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
