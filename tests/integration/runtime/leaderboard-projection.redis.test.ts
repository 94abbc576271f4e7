// The leaderboard projection on Redis + PostgreSQL: the Redis shard store's
// event streams into RedisLeaderboards, under a unique key prefix per test.
import { RedisLeaderboards, BOARDS } from '../../../storage/leaderboards.ts';
import { openGameHarness, projectionSuite } from '../../support/projection-scenario.ts';
import { postgresAvailable, redisAvailable, redisUrl } from '../../support/services.ts';

if ((await redisAvailable()) && (await postgresAvailable())) {
  projectionSuite('Redis', async () => {
    const harness = await openGameHarness('real');
    // The harness's own prefix: its close() drops every key under it, boards included.
    const boards = new RedisLeaderboards(redisUrl, harness.prefix, BOARDS);
    return {
      harness,
      boards,
      async cleanup() {
        await boards.close();
        await harness.close();
      },
    };
  }).run();
}
