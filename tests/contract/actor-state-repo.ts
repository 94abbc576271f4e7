// One suite for every PostgreSQL the storage layer runs on (STYLE.md 4): a real
// server and embedded PGlite must behave the same through the same SQL.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type postgres from 'postgres';
import { createActorStateRepo, createOverlayRevocations, listMigrations, migrate } from '../../storage/postgres/index.ts';
import type { ActorRow, ActorStateRepo, MessageRow } from '../../storage/postgres/index.ts';
import { StorageErrorCodes } from '../../storage/errors.ts';

/** A fresh, empty database (or schema) that cleanup() removes and disconnects. */
export type OpenedDatabase = { sql: postgres.Sql; cleanup(): Promise<void> };

async function withFresh<T>(open: () => Promise<OpenedDatabase>, use: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const db = await open();
  try {
    return await use(db.sql);
  } finally {
    await db.cleanup();
  }
}

const actor = (address: string, version: number, state: unknown = { version }): ActorRow => ({
  address,
  kind: 'player',
  version,
  state: JSON.stringify(state),
});

const message = (address: string, version: number, body: unknown = { n: version }): MessageRow => ({
  address,
  version,
  messageId: `${address}:m${version}`,
  message: JSON.stringify(body),
  effects: JSON.stringify([{ type: 'reply', params: body }]),
  at: 1_700_000_000_000 + version * 1_001,
});

// jsonb stores parsed JSON and prints it back normalised (spacing, key order),
// so rows are compared with their JSON parsed.
const readable = (row: ActorRow | null) => row && { ...row, state: JSON.parse(row.state) as unknown };
const readableMessage = (row: MessageRow | undefined) =>
  row && { ...row, message: JSON.parse(row.message) as unknown, effects: JSON.parse(row.effects) as unknown };

export function actorStateRepoContract(name: string, open: () => Promise<OpenedDatabase>) {
  const test = suite(`actor state repo on ${name}`);
  // Repository tests share one migrated database; each uses its own addresses.
  let shared: OpenedDatabase | undefined;
  const sharedSql = (): postgres.Sql => {
    if (shared === undefined) throw new Error("the suite's before hook did not open a database");
    return shared.sql;
  };
  const repo = (): ActorStateRepo => createActorStateRepo(sharedSql());

  test.before(async () => {
    shared = await open();
    await migrate(shared.sql);
  });
  test.after(async () => {
    await shared?.cleanup();
  });

  test('migrate applies every file, then reports up to date', async () => {
    const expected = (await listMigrations()).map((file) => file.name);
    await withFresh(open, async (sql) => {
      const lines: string[] = [];
      const first = await migrate(sql, { log: (line) => lines.push(line) });
      assert.equal(first.applied, expected);
      assert.match(lines[0] ?? '', /^migration 001_actor_state\.sql applied in \d+ ms$/);
      const second = await migrate(sql, { log: (line) => lines.push(line) });
      assert.equal(second.applied, []);
      assert.is(lines.at(-1), 'up to date');
      const recorded = await sql<{ name: string }[]>`select name from schema_migrations order by version`;
      assert.equal(recorded.map((row) => row.name), expected);
    });
  });

  test('concurrent migrate calls apply each file once', async () => {
    const expected = (await listMigrations()).map((file) => file.name);
    await withFresh(open, async (sql) => {
      const results = await Promise.all([migrate(sql), migrate(sql), migrate(sql)]);
      assert.equal(results.flatMap((result) => result.applied).sort(), expected);
      const [{ count }] = await sql<[{ count: number }]>`select count(*)::int as count from schema_migrations`;
      assert.is(count, expected.length);
    });
  });

  test('a failing migration rolls back, stays unrecorded and throws a coded error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'migrations-'));
    try {
      await writeFile(join(dir, '999_broken.sql'), 'create table half_done (id int);\nselect * from no_such_table;\n');
      const sql = sharedSql();
      const error = await migrate(sql, { dir }).then(() => null, (thrown: unknown) => thrown);
      assert.is((error as { code?: unknown } | null)?.code, StorageErrorCodes.MIGRATION_FAILED);
      const [row] = await sql<[{ table: string | null; recorded: number }]>`
        select to_regclass('half_done')::text as table, (select count(*)::int from schema_migrations where version = 999) as recorded`;
      assert.equal(row, { table: null, recorded: 0 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('upsertBatch inserts new actors', async () => {
    assert.is(await repo().upsertBatch([actor('ins:a', 1), actor('ins:b', 3)]), 2);
    assert.equal(readable(await repo().load('ins:a')), readable(actor('ins:a', 1)));
    assert.equal(readable(await repo().load('ins:b')), readable(actor('ins:b', 3)));
  });

  test('upsertBatch moves an actor to a higher version', async () => {
    await repo().upsertBatch([actor('up:a', 1)]);
    assert.is(await repo().upsertBatch([actor('up:a', 5, { gold: 10 })]), 1);
    assert.equal(readable(await repo().load('up:a')), readable(actor('up:a', 5, { gold: 10 })));
  });

  test('upsertBatch never lets a lower or equal version win', async () => {
    await repo().upsertBatch([actor('old:a', 5, { keep: true })]);
    assert.is(await repo().upsertBatch([actor('old:a', 4, { keep: false }), actor('old:a', 5, { keep: false })]), 0);
    assert.equal(readable(await repo().load('old:a')), readable(actor('old:a', 5, { keep: true })));
  });

  test('upsertBatch keeps the newest of one address repeated in a batch', async () => {
    assert.is(await repo().upsertBatch([actor('dup:a', 2), actor('dup:a', 7), actor('dup:a', 3)]), 1);
    assert.is((await repo().load('dup:a'))?.version, 7);
  });

  test('upsertBatch writes 1,000 rows in one call; an empty batch is a no-op', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => actor(`bulk:${String(i).padStart(4, '0')}`, i + 1, { i, tags: ['a', 'b'] }));
    assert.is(await repo().upsertBatch(rows), 1000);
    assert.equal((await repo().loadMany(rows.map((row) => row.address))).map(readable), rows.map(readable));
    assert.is(await repo().upsertBatch([]), 0);
  });

  test('upsertBatch refuses a version beyond 2^53 with a code', async () => {
    const error = await repo().upsertBatch([actor('big:a', 2 ** 53)]).then(() => null, (thrown: unknown) => thrown);
    assert.is((error as { code?: unknown } | null)?.code, StorageErrorCodes.BAD_ARGUMENT);
  });

  test('load and loadMany return exact version and state; missing actors are absent', async () => {
    await repo().upsertBatch([actor('get:b', 12, { b: 1 }), actor('get:a', 9_007_199_254_740_991, { a: 1 })]);
    assert.is(await repo().load('get:missing'), null);
    assert.equal((await repo().loadMany(['get:b', 'get:missing', 'get:a'])).map(readable), [
      readable(actor('get:a', 9_007_199_254_740_991, { a: 1 })),
      readable(actor('get:b', 12, { b: 1 })),
    ]);
    assert.equal(await repo().loadMany([]), []);
  });

  test('addresses pages through one kind in address order, and refuses a bad limit', async () => {
    const ofKind = (kind: string, address: string): ActorRow => ({ ...actor(address, 1), kind });
    await repo().upsertBatch([...['pg:c', 'pg:a', 'pg:e', 'pg:b', 'pg:d'].map((address) => ofKind('pg', address)), ofKind('pgother', 'pgother:a')]);
    const pages: string[][] = [];
    for (let page = await repo().addresses('pg', '', 2); page.length > 0; page = await repo().addresses('pg', page.at(-1)!, 2)) pages.push(page);
    assert.equal(pages, [['pg:a', 'pg:b'], ['pg:c', 'pg:d'], ['pg:e']]);
    assert.equal(await repo().addresses('pgother', '', 10), ['pgother:a']);
    assert.equal(await repo().addresses('pg-none', '', 10), []);
    const error = await repo().addresses('pg', '', 0).then(() => null, (thrown: unknown) => thrown);
    assert.is((error as { code?: unknown } | null)?.code, StorageErrorCodes.BAD_ARGUMENT);
  });

  test('appendMessages is idempotent; messages() is newest first with limit and beforeVersion', async () => {
    const rows = [1, 2, 3, 4, 5].map((version) => message('log:a', version));
    await repo().appendMessages(rows.slice(0, 3));
    await repo().appendMessages([...rows, message('log:a', 2, { replaced: true })]);
    await repo().appendMessages([]);
    const newestFirst = [...rows].reverse().map(readableMessage);
    assert.equal((await repo().messages('log:a')).map(readableMessage), newestFirst);
    assert.equal((await repo().messages('log:a', { limit: 2 })).map(readableMessage), newestFirst.slice(0, 2));
    assert.equal((await repo().messages('log:a', { limit: 2, beforeVersion: 3 })).map(readableMessage), newestFirst.slice(3, 5));
    assert.equal(await repo().messages('log:none'), []);
  });

  test('pruneMessages deletes logged messages older than its cutoff, oldest first, in batches of its limit', async () => {
    // Long before every other test's messages (all at 2023 or later), which share the table.
    const long = 1_000_000_000_000;
    const old = (address: string, version: number): MessageRow => ({ ...message(address, version), at: long + version * 10 });
    await repo().appendMessages([...[1, 2, 3, 4, 5, 6].map((version) => old('prune:a', version)), old('prune:b', 1)]);
    const before = long + 35; // prune:a's versions 1–3 and prune:b's 1 are older
    const left = async () => [
      (await repo().messages('prune:a')).map((row) => row.version).reverse(),
      (await repo().messages('prune:b')).map((row) => row.version),
    ];
    assert.is(await repo().pruneMessages(before, 2), 2, 'a full batch');
    assert.equal(await left(), [[2, 3, 4, 5, 6], []], 'the two oldest went first (both at +10 ms)');
    assert.is(await repo().pruneMessages(before, 2), 2);
    assert.is(await repo().pruneMessages(before, 2), 0, 'nothing older is left');
    assert.equal(await left(), [[4, 5, 6], []]);
    try {
      await repo().pruneMessages(before, 0);
      assert.unreachable('a limit of 0 is refused');
    } catch (error) {
      assert.is((error as { code?: string }).code, StorageErrorCodes.BAD_ARGUMENT);
    }
  });

  test('pendingTimers pages through the actors whose records hold pending timers, with due and seq', async () => {
    const record = (timers: unknown) => ({ snapshot: { value: 'idle', context: {} }, timers });
    await repo().upsertBatch([
      { ...actor('timers:a', 1), state: JSON.stringify(record({ phase: { event: { type: 'end' }, due: 1_767_225_600_000, seq: 1 } })) },
      { ...actor('timers:b', 3), state: JSON.stringify(record({})) },
      { ...actor('timers:c', 7), state: JSON.stringify(record({ a: { event: { type: 'x' }, due: 5, seq: 6 }, b: { event: { type: 'y' }, due: 9, seq: 7 } })) },
      { ...actor('timers:d', 2), state: JSON.stringify({ snapshot: {} }) },
      { ...actor('timers:e', 4), state: JSON.stringify(record({ only: { event: { type: 'z' }, due: 2, seq: 4 } })) },
    ]);
    const page = (after: string, limit: number) => repo().pendingTimers(after, limit);
    assert.equal(await page('timers:', 2), [
      { address: 'timers:a', timers: [{ id: 'phase', due: 1_767_225_600_000, seq: 1 }] },
      { address: 'timers:c', timers: [{ id: 'a', due: 5, seq: 6 }, { id: 'b', due: 9, seq: 7 }] },
    ]);
    assert.equal((await page('timers:c', 2)).filter((row) => row.address.startsWith('timers:')), [{ address: 'timers:e', timers: [{ id: 'only', due: 2, seq: 4 }] }]);
    try {
      await page('', 0);
      assert.unreachable('a limit of 0 is refused');
    } catch (error) {
      assert.is((error as { code?: string }).code, StorageErrorCodes.BAD_ARGUMENT);
    }
  });

  test('storedBefore tells whether any actor state was written before a moment', async () => {
    const before = Date.now() - 60_000;
    assert.is(await repo().storedBefore(before), false, 'every state of this suite was written after it');
    await repo().upsertBatch([actor('stored:a', 1)]);
    assert.is(await repo().storedBefore(before), false);
    assert.is(await repo().storedBefore(Date.now() + 60_000), true);
  });

  test('appendLogEntries stores raw runtime log entries, idempotently, taken apart by PostgreSQL', async () => {
    const entry = (version: number, count: number): string =>
      `{"address":"counter:raw","version":${version},"id":"m${version}","at":1767225600000,"message":{"id":"m${version}","to":"counter:raw","event":{"type":"inc","by":1,"tags":[]}},"effects":{"reply":{"ok":true,"count":${count}}}}`;
    await repo().appendLogEntries([entry(1, 1), entry(2, 2)]);
    await repo().appendLogEntries([entry(2, 99), entry(3, 3)]);
    await repo().appendLogEntries([]);
    const stored = await repo().messages('counter:raw');
    assert.equal(stored.map((row) => [row.version, row.messageId, row.at]), [[3, 'm3', 1767225600000], [2, 'm2', 1767225600000], [1, 'm1', 1767225600000]]);
    assert.equal(JSON.parse(stored[1]!.effects), { reply: { ok: true, count: 2 } }, 'the first copy of a version stays');
    assert.equal(JSON.parse(stored[0]!.message), { id: 'm3', to: 'counter:raw', event: { type: 'inc', by: 1, tags: [] } });
  });

  test('records in log entries land in their history tables once; an unknown table goes to other_records', async () => {
    const records = [
      { table: 'resource_transactions', id: 'm1:tx0', row: { nation: 'nation:1', resource: 'gold', delta: -20, reason: 'build', ref: 'm1' } },
      { table: 'battles', id: 'm1:battle', row: { war: 'war:w', attacker: 'nation:1', defender: 'nation:2', terrain: 'plains', winner: 'attacker', attacker_strength: 10.5, defender_strength: 9, details: { casualties: [] } } },
      {
        table: 'wars',
        id: 'm1:war',
        row: { war: 'w', aggressor: 'nation:1', defender: 'nation:2', outcome: 'victory', winner: 'nation:1', supporters: [{ nation: 'nation:3', side: 'attacker' }] },
      },
      { table: 'no_such_table', id: 'x', row: { anything: true } },
    ];
    const entry = `{"address":"nation:1","version":1,"id":"m1","at":1767225600000,"message":{},"effects":{"records":${JSON.stringify(records)}}}`;
    await repo().appendLogEntries([entry]);
    await repo().appendLogEntries([entry]);
    const [tx] = await repo().history('resource_transactions', { actor: 'nation:1' });
    assert.equal(
      [tx?.id, tx?.actor, Number(tx?.delta), tx?.reason, (tx?.at as Date).getTime()],
      ['m1:tx0', 'nation:1', -20, 'build', 1767225600000],
    );
    const battles = await repo().history('battles', { actor: 'nation:1' });
    assert.equal(battles.map((row) => [row.winner, row.attacker_strength, row.details]), [['attacker', 10.5, { casualties: [] }]]);
    const wars = await repo().history('wars', { actor: 'nation:1' });
    assert.equal(wars.map((row) => [row.outcome, row.supporters]), [['victory', [{ nation: 'nation:3', side: 'attacker' }]]], 'migration 009: the allies that joined');
    assert.is((await repo().history('resource_transactions', { actor: 'nation:1' })).length, 1, 'a repeated flush inserts nothing twice');
    try {
      await repo().history('actor_state' as never);
      assert.unreachable('not a history table');
    } catch (error) {
      assert.is((error as { code?: string }).code, 'STORAGE_BAD_ARGUMENT');
    }
  });

  test('overlay revocations (migration 007): exact epoch ms, never moved back, absent for nations that never revoked', async () => {
    const revocations = createOverlayRevocations(sharedSql());
    await revocations.revoke('nation:7', 1_764_470_000_123);
    await revocations.revoke('nation:7', 1_764_460_000_000);
    await revocations.revoke('nation:8', 1);
    assert.equal(await revocations.revokedBefore(['nation:7', 'nation:8', 'nation:9']), new Map([['nation:7', 1_764_470_000_123], ['nation:8', 1]]));
    await revocations.revoke('nation:8', 2);
    assert.equal(await revocations.revokedBefore(['nation:8']), new Map([['nation:8', 2]]), 'a later one moves it on');
    assert.equal(await revocations.revokedBefore([]), new Map());
  });

  test('JSON round-trips: empty arrays, nesting, unicode, long digit strings', async () => {
    const documents: unknown[] = [
      { items: [], nested: { deeper: { list: [[], [{}], [1, [2, [3]]]] } } },
      { name: 'Žluťoučký kůň 🐉 東京 e\u0301', quote: 'say "hi" \\ back\nslash\ttab' },
      { snowflake: '1234567890123456789', huge: '123456789012345678901234567890', float: 0.1, negative: -0, big: 1e21 },
      [],
      { empty: {}, nil: null, yes: true, no: false },
    ];
    const rows = documents.map((document, i) => actor(`json:${i}`, 1, document));
    await repo().upsertBatch(rows);
    for (const row of await repo().loadMany(rows.map((r) => r.address))) {
      assert.equal(JSON.parse(row.state), JSON.parse(rows.find((r) => r.address === row.address)?.state ?? 'null'));
    }
    await repo().appendMessages(documents.map((document, i) => message(`json:${i}`, 1, document)));
    for (const [i, document] of documents.entries()) {
      const [stored] = await repo().messages(`json:${i}`);
      assert.equal(JSON.parse(stored?.message ?? 'null'), JSON.parse(JSON.stringify(document)));
      assert.equal(JSON.parse(stored?.effects ?? 'null'), [{ type: 'reply', params: JSON.parse(JSON.stringify(document)) }]);
    }
  });

  return test;
}
