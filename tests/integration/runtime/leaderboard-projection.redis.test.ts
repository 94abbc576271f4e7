// The leaderboard projection on Redis + PostgreSQL: the Redis shard store's
// event streams into RedisLeaderboards, under a unique key prefix per test;
// and two runtime nodes of one cluster, of which exactly one projects.
import { suite } from 'uvu';
import { RedisLeaderboards, BOARDS } from '../../../storage/leaderboards.ts';
import { openProjection, projectionSuite, twoNodesOneProjection } from '../../support/projection-scenario.ts';
import { postgresAvailable, redisAvailable, redisUrl } from '../../support/services.ts';

if ((await redisAvailable()) && (await postgresAvailable())) {
  // The harness's own prefix: its close() drops every key under it, boards included.
  projectionSuite('Redis', () => openProjection('real', (harness) => new RedisLeaderboards(redisUrl, harness.prefix, BOARDS))).run();

  const cluster = suite('leaderboard projection: two runtime nodes');
  cluster('exactly one projects (the owner of shard 0), and the projection moves when that node stops', twoNodesOneProjection);
  cluster.run();
}
