// `npm run migrate`: applies storage/migrations to DATABASE_URL (under an
// advisory lock, so concurrent runs are safe), printing each step.
import { migrate, openDatabase } from '../storage/postgres/index.ts';
import { loadConfigOrExit } from './main.ts';

const { env } = loadConfigOrExit();
if (!env.DATABASE_URL) {
  process.stderr.write('DATABASE_URL is not set: the embedded database is migrated at start-up by itself.\n');
  process.exit(2);
}
const database = await openDatabase({ url: env.DATABASE_URL, log: (line) => process.stdout.write(`${line}\n`) });
try {
  const { applied } = await migrate(database.sql, { log: (line) => process.stdout.write(`${line}\n`) });
  process.stdout.write(applied.length > 0 ? `applied ${applied.length} migration(s)\n` : 'database is up to date\n');
} finally {
  await database.close();
}
