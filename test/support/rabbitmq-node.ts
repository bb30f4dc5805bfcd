/**
 * A throwaway RabbitMQ node: Debian's rabbitmq-server started with its own node
 * name, ports and temporary directory, so it never touches a node already
 * running on this machine. Real RabbitMQ is the oracle: tests compare
 * Brokerlab's behaviour and files with it, and the AMQP benchmarks race it.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';

const BIN = '/usr/lib/rabbitmq/bin';
const RABBITMQ_SERVER = `${BIN}/rabbitmq-server`;
const RABBITMQCTL = `${BIN}/rabbitmqctl`;

export interface RabbitmqNode {
  name: 'RabbitMQ';
  /** amqp://guest:guest@127.0.0.1:PORT */
  url: string;
  port: number;
  /** http://127.0.0.1:PORT of the management plugin, when started with `management: true`. */
  managementUrl?: string;
  /** CPU seconds (user + system) used so far by the node's processes. */
  cpuSeconds(): number;
  /** Run `rabbitmqctl` against this node; resolves with its stdout, rejects with its stderr. */
  ctl(args: readonly string[]): Promise<string>;
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

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Child processes still running: killed when this process exits however it ends. */
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

export function track(proc: ChildProcess): ChildProcess {
  running.add(proc);
  proc.once('exit', () => running.delete(proc));
  return proc;
}

/** SIGTERM (the whole process group when `group`), SIGKILL after 20 s. */
export function stopProcess(proc: ChildProcess, group: boolean): Promise<void> {
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

/** Why RabbitMQ cannot run here, or undefined when it can. */
export function rabbitmqUnavailable(): string | undefined {
  return existsSync(RABBITMQ_SERVER) ? undefined : `RabbitMQ not installed (${RABBITMQ_SERVER} missing; apt-get install rabbitmq-server)`;
}

export interface RabbitmqOptions {
  /** Enable the management plugin (HTTP API) on a free loopback port. */
  management?: boolean;
  /** More rabbitmq.conf lines, e.g. `collect_statistics_interval = 500`. */
  config?: readonly string[];
}

/** Start a node on loopback; resolves once an AMQP login succeeds (and the management API answers, if enabled). */
export async function startRabbitmq(opts: RabbitmqOptions = {}): Promise<RabbitmqNode> {
  const dir = mkdtempSync(join(tmpdir(), 'brokerlab-rabbitmq-'));
  const port = await freePort();
  const distPort = await freePort();
  const mgmtPort = opts.management ? await freePort() : undefined;
  writeFileSync(join(dir, 'enabled_plugins'), mgmtPort === undefined ? '[].\n' : '[rabbitmq_management].\n');
  const conf = [`listeners.tcp.default = 127.0.0.1:${port}`, 'loopback_users.guest = true'];
  if (mgmtPort !== undefined) conf.push(`management.tcp.port = ${mgmtPort}`, 'management.tcp.ip = 127.0.0.1');
  conf.push(...(opts.config ?? []));
  writeFileSync(join(dir, 'rabbitmq.conf'), conf.join('\n') + '\n');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: dir,
    RABBITMQ_NODENAME: `brokerlab-${process.pid}-${port}@localhost`,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_PID_FILE: join(dir, 'pid'),
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
  };
  const proc = track(spawn(RABBITMQ_SERVER, [], { cwd: dir, detached: true, stdio: ['ignore', 'ignore', 'ignore'], env }));
  const url = `amqp://guest:guest@127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await stopProcess(proc, true);
    rmSync(dir, { recursive: true, force: true });
  };
  const ctl = (args: readonly string[]): Promise<string> =>
    new Promise((resolve, reject) => {
      execFile(RABBITMQCTL, ['-n', env['RABBITMQ_NODENAME']!, ...args], { env, cwd: dir, timeout: 60_000 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`rabbitmqctl ${args.join(' ')} failed: ${stderr || stdout || err.message}`));
        else resolve(stdout);
      });
    });
  const managementUrl = mgmtPort === undefined ? undefined : `http://127.0.0.1:${mgmtPort}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      const c = await amqp.connect(url);
      await c.close();
      if (managementUrl !== undefined) {
        const res = await fetch(`${managementUrl}/api/overview`, { headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}` } });
        if (!res.ok) throw new Error(`management API: ${res.status}`);
      }
      return { name: 'RabbitMQ', url, port, ...(managementUrl !== undefined && { managementUrl }), cpuSeconds: () => groupCpuSeconds(proc.pid!), ctl, stop };
    } catch {
      if (proc.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`RabbitMQ did not start on port ${port} (exit ${proc.exitCode})`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
