// The leaderboard projection on the embedded backends (in-memory shard store,
// in-memory leaderboards), the way `npm start` runs it.
import { suite } from 'uvu';
import { BOARDS, MemoryLeaderboards } from '../../../storage/leaderboards.ts';
import { inactiveNationLeavesTheBoards, openGameHarness, projectionSuite } from '../../support/projection-scenario.ts';

projectionSuite('embedded', async () => {
  const harness = await openGameHarness('embedded');
  const boards = new MemoryLeaderboards(BOARDS);
  return {
    harness,
    boards,
    async cleanup() {
      await boards.close();
      await harness.close();
    },
  };
}).run();

const inactivity = suite('leaderboard projection: inactivity (virtual time)');
inactivity('an inactive nation leaves every board, and comes back when a citizen acts', inactiveNationLeavesTheBoards);
inactivity.run();
