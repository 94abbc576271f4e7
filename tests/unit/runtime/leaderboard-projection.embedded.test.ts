// The leaderboard projection on the embedded backends (in-memory shard store,
// in-memory leaderboards), the way `npm start` runs it.
import { suite } from 'uvu';
import { BOARDS, MemoryLeaderboards } from '../../../storage/leaderboards.ts';
import { inactiveNationLeavesTheBoards, openProjection, projectionSuite } from '../../support/projection-scenario.ts';

projectionSuite('embedded', () => openProjection('embedded', () => new MemoryLeaderboards(BOARDS))).run();

const inactivity = suite('leaderboard projection: inactivity (virtual time)');
inactivity('an inactive nation leaves every board, and comes back when a citizen acts', inactiveNationLeavesTheBoards);
inactivity.run();
