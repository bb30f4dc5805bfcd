import { mkdtempSync, rmSync } from 'node:fs';
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
