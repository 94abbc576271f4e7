// The flag store contract on the in-memory twin (one process: both handles are one store).
import { MemoryFlagStore } from '../../../storage/flag-store.ts';
import { flagStoreContract } from '../../contract/flag-store.ts';

flagStoreContract('memory', async () => {
  const store = new MemoryFlagStore();
  return { one: store, two: store, cleanup: () => store.close() };
}).run();
