// PostgreSQL dropping a connection in the middle of a write (a restart, a
// failover, an operator's pg_terminate_backend): the write fails with an error
// the write-behind retries, the process lives on, the pool serves the next
// statement, and closing the database does not hang. Unpatched, postgres.js
// 3.4.9 crashed the process here with a TypeError thrown from a setImmediate
// (the rollback its transaction scope queued on the dead connection); see
// patches/postgres+3.4.9.patch.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import postgres from 'postgres';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { withTimeout } from '../../../runtime/sleep.ts';
import { createActorStateRepo, migrate, openDatabase, type Database } from '../../../storage/postgres/index.ts';
import { pollUntil } from '../../support/poll.ts';
import { databaseUrl, postgresAvailable, uniqueName } from '../../support/services.ts';

const often = { withinMs: 10_000, everyMs: 20 };

/** The backend that `blocker` keeps waiting on a lock, once it waits. */
function blockedBy(admin: postgres.Sql, blocker: number): Promise<number> {
  return pollUntil(`a backend waiting on backend ${blocker}`, async () => (await admin<{ pid: number }[]>`select pid from pg_stat_activity where ${blocker} = any(pg_blocking_pids(pid))`)[0]?.pid, often);
}

/**
 * The error of a statement whose backend was terminated: PostgreSQL's
 * admin_shutdown, the socket closing or, when the client wrote first, the
 * kernel's reset.
 */
function assertConnectionLost(error: unknown): void {
  assert.match(String((error as { code?: string }).code), /^(CONNECTION_CLOSED|57P01|ECONNRESET|EPIPE)$/, `rejected with ${String(error)}`);
}

/** Lets queued immediates run: the crash came from one. */
async function drainImmediates(): Promise<void> {
  for (let turn = 0; turn < 10; turn++) await nextTurn();
}

/** Long enough for any healthy statement here; a hang is the bug some of these tests guard against. */
const HANG_MS = 15_000;

if (await postgresAvailable()) {
  const schema = uniqueName('lost');
  let db: Database;
  let admin: postgres.Sql;

  test.before(async () => {
    db = await openDatabase({ url: databaseUrl, schema });
    await migrate(db.sql);
    admin = postgres(databaseUrl, { max: 2, onnotice: () => {}, connection: { search_path: schema } });
  });

  test.after(async () => {
    try {
      await admin`drop schema if exists ${admin(schema)} cascade`;
    } finally {
      await admin.end({ timeout: 3 });
    }
  });

  test('a transaction whose backend is terminated rejects; the process and the pool live on', async () => {
    const transaction = db.sql.begin(async (tx) => {
      const pid = (await tx<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
      const sleeping = tx`select pg_sleep(30)`.execute();
      await untilSleeping(pid);
      await admin`select pg_terminate_backend(${pid})`;
      await sleeping;
    });
    try {
      await withTimeout(transaction, HANG_MS, 'the transaction');
      assert.unreachable('the transaction lost its backend');
    } catch (error) {
      assertConnectionLost(error);
    }
    await drainImmediates();
    const [row] = await withTimeout(db.sql<{ one: number }[]>`select 1 as one`, HANG_MS, 'the next statement');
    assert.is(row?.one, 1);
  });

  test('the write-behind’s log append loses its backend mid-statement: it rejects, and the retry stores every row once', async () => {
    const repo = createActorStateRepo(db.sql);
    const records = [{ table: 'resource_transactions', id: 'm1:tx0', row: { nation: 'nation:lost', resource: 'gold', delta: 5, reason: 'tax', ref: 'm1' } }];
    const entry = `{"address":"nation:lost","version":1,"id":"m1","at":1767225600000,"message":{},"effects":{"records":${JSON.stringify(records)}}}`;
    // An uncommitted row with the same key keeps the append waiting on its lock.
    const holder = await admin.reserve();
    try {
      await holder`begin`;
      await holder`insert into actor_messages (address, version, message_id, message, effects, at) values ('nation:lost', 1, 'm1', '{}', '{}', now())`;
      const holderPid = (await holder<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
      const append = repo.appendLogEntries([entry]);
      // It can reject before the terminate below is answered, while nothing
      // awaits it yet: marked handled now, or Node ends the process for an
      // unhandled rejection (1 run in ~30 here).
      append.catch(() => {});
      const waiting = await blockedBy(admin, holderPid);
      await admin`select pg_terminate_backend(${waiting})`;
      try {
        await withTimeout(append, HANG_MS, 'the append');
        assert.unreachable('the append lost its backend');
      } catch (error) {
        assertConnectionLost(error);
      }
    } finally {
      await holder`rollback`;
      holder.release();
    }
    await drainImmediates();
    await withTimeout(repo.appendLogEntries([entry]), HANG_MS, 'the retried append');
    assert.equal((await repo.messages('nation:lost')).map((row) => row.messageId), ['m1']);
    assert.equal((await repo.history('resource_transactions', { actor: 'nation:lost' })).map((row) => row.id), ['m1:tx0']);
  });

  test('ending the pool after lost connections does not wait for the statements they lost', async () => {
    // No timeout: unpatched, a connection that lost its statement never ended.
    await withTimeout(db.sql.end(), HANG_MS, 'ending the pool');
    await db.close();
  });

  test.run();

  /** Waits until backend `pid` runs its pg_sleep. */
  async function untilSleeping(pid: number): Promise<void> {
    await pollUntil(`backend ${pid} running its pg_sleep`, async () => {
      const [row] = await admin<{ state: string }[]>`select state from pg_stat_activity where pid = ${pid} and query like '%pg_sleep%'`;
      return row?.state === 'active';
    }, often);
  }
}
