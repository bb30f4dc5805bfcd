import { MemoryStore, MemoryStoreData } from '../../engine/store/memory-store.ts';
import { storeContract } from './store-contract.ts';

storeContract('memory', () => {
  const data = new MemoryStoreData();
  return { open: () => new MemoryStore(data), dispose: () => {} };
});
