/**
 * Interoperability smoke tests with two independent clients from Debian:
 * pika (python3-pika) and librabbitmq's amqp-tools. Each is spawned as a
 * child process against the listener; a missing one skips with its reason.
 */
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness } from './support/amqp-harness.ts';
import type { Harness } from './support/amqp-harness.ts';

const run = promisify(execFile);
const PIKA_SCRIPT = fileURLToPath(new URL('./interop/pika-client.py', import.meta.url));

/** The first python that can import pika (pyenv shims may hide Debian's). */
function findPikaPython(): string | undefined {
  for (const py of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(py, ['-c', 'import pika'], { stdio: 'ignore' });
      return py;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

function has(bin: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const python = findPikaPython();
const tools = ['amqp-publish', 'amqp-consume', 'amqp-get', 'amqp-declare-queue'].every(has);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe.skipIf(python === undefined)('pika (python3-pika not installed: skipped)', () => {
  test('declares, publishes with properties, gets, consumes, sees returns and channel errors', async () => {
    const { stdout } = await run(python!, [PIKA_SCRIPT, String(h.listener.port)], { timeout: 20_000 });
    const out = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(out['get']).toEqual({
      body: '{"hello": "pika"}', content_type: 'application/json', headers: { n: 7, s: 'str', nested: { ok: true } },
      correlation_id: 'corr-1', priority: 3, delivery_mode: 2, redelivered: false,
    });
    expect(out['consumed']).toEqual(['logs.info', 'logs.warn']);
    expect(out['unroutable']).toBe('returned');
    expect(out['passive']).toEqual([404, "NOT_FOUND - no queue 'pika.missing' in vhost '/'"]);
    expect(out['after_error']).toBe(true);
  });
});

describe.skipIf(!tools)('amqp-tools (amqp-tools not installed: skipped)', () => {
  const url = (): string => `amqp://guest:guest@127.0.0.1:${h.listener.port}`;

  test('amqp-declare-queue, amqp-publish and amqp-get round-trip a message', async () => {
    const declared = await run('amqp-declare-queue', ['--url', url(), '-q', 'tools.q']);
    expect(declared.stdout.trim()).toBe('tools.q');
    await run('amqp-publish', ['--url', url(), '-r', 'tools.q', '-C', 'text/plain', '-H', 'origin: tools', '-b', 'from amqp-publish']);
    const got = await run('amqp-get', ['--url', url(), '-q', 'tools.q']);
    expect(got.stdout).toBe('from amqp-publish');
  });

  test('amqp-consume reads messages published by amqplib, with their headers', async () => {
    const ch = await h.channel();
    await ch.assertQueue('tools.c');
    ch.sendToQueue('tools.c', Buffer.from('one\n'));
    ch.sendToQueue('tools.c', Buffer.from('two\n'));
    await ch.checkQueue('tools.c');
    const { stdout } = await run('amqp-consume', ['--url', url(), '-q', 'tools.c', '-c', '2', 'cat'], { timeout: 20_000 });
    expect(stdout).toBe('one\ntwo\n');
  });

  test('amqplib reads what amqp-publish sent, properties included', async () => {
    const ch = await h.channel();
    await ch.assertQueue('tools.p');
    await run('amqp-publish', ['--url', url(), '-r', 'tools.p', '-C', 'application/json', '-H', 'k: v', '-p', '-b', '{"a":1}']);
    const m = await ch.get('tools.p', { noAck: true });
    expect(m && [m.content.toString(), m.properties.contentType, m.properties.headers?.['k'], m.properties.deliveryMode]).toEqual(['{"a":1}', 'application/json', 'v', 2]);
  });
});
