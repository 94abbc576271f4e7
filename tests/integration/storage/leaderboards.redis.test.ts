// The leaderboard contract against real Redis sorted sets, each test under its own key prefix.
import { Redis } from 'ioredis';
import { RedisLeaderboards } from '../../../storage/leaderboards.ts';
import { BOARDS, leaderboardsContract } from '../../contract/leaderboards.ts';
import { dropKeys, redisAvailable, redisUrl, uniqueName } from '../../support/services.ts';

if (await redisAvailable()) {
  leaderboardsContract('Redis', async () => {
    const prefix = `${uniqueName('lb')}:`;
    const boards = new RedisLeaderboards(redisUrl, prefix, BOARDS);
    return {
      boards,
      async cleanup() {
        const redis = new Redis(redisUrl);
        await dropKeys(redis, prefix);
        redis.disconnect();
        await boards.close();
      },
    };
  }).run();
}
