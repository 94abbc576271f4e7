// The actor state contract against embedded PGlite, each opened database a new
// in-memory instance behind its own loopback socket.
import { openDatabase } from '../../../storage/postgres/index.ts';
import { actorStateRepoContract } from '../../contract/actor-state-repo.ts';

actorStateRepoContract('PGlite', async () => {
  const db = await openDatabase({});
  return { sql: db.sql, cleanup: () => db.close() };
}).run();
