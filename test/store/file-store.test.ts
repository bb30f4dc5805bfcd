import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '../../engine/adapters/file-store/file-store.ts';
import { storeContract } from './store-contract.ts';

storeContract('file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'brokerlab-store-'));
  return {
    // Small segments, so the contract's churn spans many of them.
    open: () => new FileStore(dir, { segmentBytes: 64 * 1024 }),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('file store group commit', () => {
  test('one fsync covers what many publishers wrote since the last; confirms wait for it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brokerlab-store-'));
    const store = new FileStore(dir);
    await store.loadTopology();
    await store.loadMessages(() => {});
    const confirmed: number[] = [];
    for (let i = 0; i < 400; i++) {
      store.add({ vhost: '/', name: `q${i % 4}` }, { exchange: '', routingKey: 'k', properties: { deliveryMode: 2 }, body: new Uint8Array(1024), publishedAt: 0, expiresAt: -1, priority: 0 });
      store.afterSync(() => confirmed.push(i));
    }
    expect(confirmed).toEqual([]);
    await new Promise<void>((resolve) => store.afterSync(resolve));
    expect(confirmed).toHaveLength(400);
    expect(store.flushes).toBe(1);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('file store disk use', () => {
  test('segments whose messages all left are deleted from disk, with their sidecars', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brokerlab-store-'));
    const store = new FileStore(dir, { segmentBytes: 32 * 1024 });
    await store.loadTopology();
    await store.loadMessages(() => {});
    const body = new Uint8Array(1024);
    const add = () => store.add({ vhost: '/', name: 'q' }, { exchange: '', routingKey: 'q', properties: { deliveryMode: 2 }, body, publishedAt: 0, expiresAt: -1, priority: 0 });
    const sync = () => new Promise<void>((resolve) => store.afterSync(resolve));
    const diskBytes = () => readdirSync(join(dir, 'messages')).reduce((n, f) => n + statSync(join(dir, 'messages', f)).size, 0);
    let peak = 0;
    for (let round = 0; round < 30; round++) {
      const refs = Array.from({ length: 100 }, add);
      await sync();
      peak = Math.max(peak, diskBytes());
      refs.forEach((r) => store.remove(r));
      await sync();
    }
    // 3,000 messages (3 MB) went through; the disk never held much more than one round's worth.
    expect(peak).toBeLessThan(4 * 100 * 1100);
    expect(readdirSync(join(dir, 'messages')).filter((f) => f.endsWith('.seg')).length).toBeLessThanOrEqual(1);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
