// The actor state contract against a real PostgreSQL, one throw-away schema per
// opened database.
import { openDatabase } from '../../../storage/postgres/index.ts';
import { actorStateRepoContract } from '../../contract/actor-state-repo.ts';
import { databaseUrl, postgresAvailable, uniqueName } from '../../support/services.ts';

if (await postgresAvailable()) {
  actorStateRepoContract('PostgreSQL', async () => {
    const schema = uniqueName('repo');
    const db = await openDatabase({ url: databaseUrl, schema });
    return {
      sql: db.sql,
      async cleanup() {
        try {
          await db.sql`drop schema if exists ${db.sql(schema)} cascade`;
        } finally {
          await db.close();
        }
      },
    };
  }).run();
}
