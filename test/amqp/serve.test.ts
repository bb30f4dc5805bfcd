/** `brokerlab serve` as a child process: it prints where it listens, serves amqplib, and stops cleanly on SIGTERM and SIGINT. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import amqp from 'amqplib';
import { afterAll, describe, expect, test } from 'vitest';
import { parseWatermark } from '../../engine/cli/serve.ts';

const BIN = fileURLToPath(new URL('../../bin/brokerlab.mjs', import.meta.url));
const dirs: string[] = [];
const procs: ChildProcess[] = [];
afterAll(() => {
  // A failed test must not leave a broker running.
  for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Start `brokerlab serve` and resolve with the process and its AMQP URL once it prints it. */
function serve(args: string[]): Promise<{ proc: ChildProcess; url: string; output: () => string }> {
  const proc = spawn(process.execPath, [BIN, 'serve', '--amqp-port', '0', '--no-http', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  procs.push(proc);
  let out = '';
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /AMQP 0-9-1 on (amqp:\/\/\S+)/.exec(out);
      if (m && out.includes('Press Ctrl+C')) resolve({ proc, url: m[1]!, output: () => out });
    });
    proc.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    proc.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}

function exited(proc: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
}

describe('brokerlab serve', () => {
  test('serves AMQP clients and exits 0 on SIGTERM, closing them with 320', async () => {
    const { proc, url, output } = await serve([]);
    const conn = await amqp.connect(url.replace('amqp://', 'amqp://guest:guest@'));
    const closing = new Promise<string>((resolve) => conn.once('close', (e: unknown) => resolve(String((e as Error | undefined)?.message))));
    conn.on('error', () => {});
    const ch = await conn.createChannel();
    await ch.assertQueue('served');
    ch.sendToQueue('served', Buffer.from('hello'));
    const m = await ch.get('served', { noAck: true });
    expect(m && m.content.toString()).toBe('hello');
    // An unacked delivery arms the broker's consumer timeout: stopping must not wait for it.
    ch.sendToQueue('served', Buffer.from('held'));
    await new Promise<void>((resolve) => void ch.consume('served', () => resolve()));
    const exit = exited(proc);
    proc.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(await closing).toMatch(/320 \(CONNECTION-FORCED\)/);
    expect(output()).toMatch(/SIGTERM: closing 1 connection\(s\) and stopping\.\nStopped\./);
  });

  test('keeps durable queues and persistent messages in --data-dir across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brokerlab-serve-'));
    dirs.push(dir);
    const first = await serve(['--data-dir', dir]);
    const conn = await amqp.connect(first.url.replace('amqp://', 'amqp://guest:guest@'));
    conn.on('error', () => {});
    const ch = await conn.createConfirmChannel();
    await ch.assertQueue('kept', { durable: true });
    ch.sendToQueue('kept', Buffer.from('survives'), { persistent: true });
    await ch.waitForConfirms();
    await conn.close();
    const exit = exited(first.proc);
    first.proc.kill('SIGINT');
    expect(await exit).toBe(0);

    const second = await serve(['--data-dir', dir]);
    const conn2 = await amqp.connect(second.url.replace('amqp://', 'amqp://guest:guest@'));
    const m = await (await conn2.createChannel()).get('kept', { noAck: true });
    expect(m && m.content.toString()).toBe('survives');
    await conn2.close();
    const exit2 = exited(second.proc);
    second.proc.kill('SIGTERM');
    expect(await exit2).toBe(0);
  });

  test('loads users and permissions from --definitions, without guest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brokerlab-defs-'));
    dirs.push(dir);
    // RabbitMQ's rabbit_password_hashing_sha256: base64(salt ++ sha256(salt ++ password)).
    const salt = Buffer.from([1, 2, 3, 4]);
    const hash = Buffer.concat([salt, createHash('sha256').update(Buffer.concat([salt, Buffer.from('s3cret')])).digest()]).toString('base64');
    const file = join(dir, 'definitions.json');
    writeFileSync(file, JSON.stringify({
      users: [{ name: 'app', password_hash: hash, hashing_algorithm: 'rabbit_password_hashing_sha256', tags: [] }],
      vhosts: [{ name: '/' }],
      permissions: [{ user: 'app', vhost: '/', configure: '.*', write: '.*', read: '.*' }],
      queues: [{ name: 'preset', vhost: '/', durable: true, auto_delete: false, arguments: {} }],
    }));
    const { proc, url } = await serve(['--definitions', file]);
    const conn = await amqp.connect(url.replace('amqp://', 'amqp://app:s3cret@'));
    expect((await (await conn.createChannel()).checkQueue('preset')).messageCount).toBe(0);
    await conn.close();
    await expect(amqp.connect(url.replace('amqp://', 'amqp://guest:guest@'))).rejects.toThrow(/403/);
    const exit = exited(proc);
    proc.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  test('reads the memory watermark as a fraction of memory or a size', () => {
    expect(parseWatermark('0.5', 1000)).toBe(500);
    expect(parseWatermark('512MB')).toBe(512 * 1024 ** 2);
    expect(parseWatermark('2GiB')).toBe(2 * 1024 ** 3);
    expect(parseWatermark('lots')).toBeUndefined();
  });
});
