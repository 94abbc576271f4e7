import { runtimeContract } from '../../contract/runtime.ts';
import { postgresAvailable, redisAvailable } from '../../support/services.ts';

if ((await redisAvailable()) && (await postgresAvailable())) {
  runtimeContract('runtime on Redis + PostgreSQL', { backend: 'real' }).run();
}
