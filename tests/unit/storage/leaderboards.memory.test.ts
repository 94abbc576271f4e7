// The leaderboard contract against the in-memory twin of the embedded mode.
import { MemoryLeaderboards } from '../../../storage/leaderboards.ts';
import { BOARDS, leaderboardsContract } from '../../contract/leaderboards.ts';

leaderboardsContract('memory', async () => {
  const boards = new MemoryLeaderboards(BOARDS);
  return { boards, cleanup: () => boards.close() };
}).run();
