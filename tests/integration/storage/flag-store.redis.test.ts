// The flag store contract on real Redis: two stores on one prefix stand for two processes.
import { RedisFlagStore } from '../../../storage/flag-store.ts';
import { flagStoreContract } from '../../contract/flag-store.ts';
import { dropKeys } from '../../support/ops-process.ts';
import { redisAvailable, redisUrl, uniqueName } from '../../support/services.ts';

if (await redisAvailable()) {
  flagStoreContract('Redis', async () => {
    const prefix = `${uniqueName('flags')}:`;
    const one = new RedisFlagStore(redisUrl, prefix);
    const two = new RedisFlagStore(redisUrl, prefix);
    return {
      one,
      two,
      async cleanup() {
        await one.close();
        await two.close();
        await dropKeys(prefix);
      },
    };
  }).run();
}
