// The embedded database's cluster template (storage/postgres/pglite-template.ts):
// written by the first start, loaded by the next, rebuilt when it does not load.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { freshPGlite } from '../../../storage/postgres/pglite-template.ts';

const test = suite<{ dir: string; path: string }>('PGlite cluster template');

test.before.each((context) => {
  context.dir = mkdtempSync(join(tmpdir(), 'pglite-template-'));
  context.path = join(context.dir, 'cluster.tar');
});
test.after.each(({ dir }) => rmSync(dir, { recursive: true, force: true }));

async function tables(db: PGlite): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(`select tablename as name from pg_tables where schemaname = 'public' order by 1`);
  return rows.map((row) => row.name);
}

test('the first start initialises a cluster and keeps it as the template', async ({ path }) => {
  const db = await freshPGlite(path);
  assert.equal((await db.query<{ one: number }>('select 1 as one')).rows[0]?.one, 1);
  await db.close();
  const loaded = await PGlite.create({ loadDataDir: new Blob([readFileSync(path)]) });
  assert.equal(await tables(loaded), []);
  await loaded.close();
});

test('a later start loads the template it finds, and gets its own copy of it', async ({ path }) => {
  // A template holding a table proves the cluster came from the file, not from initdb.
  const maker = await PGlite.create();
  await maker.exec('create table marker (id int)');
  writeFileSync(path, Buffer.from(await (await maker.dumpDataDir('none')).arrayBuffer()));
  await maker.close();
  const before = readFileSync(path);

  const first = await freshPGlite(path);
  const second = await freshPGlite(path);
  assert.equal(await tables(first), ['marker']);
  await first.exec('insert into marker values (1)');
  assert.equal((await second.query('select * from marker')).rows, [], 'each start is its own database');
  assert.ok(readFileSync(path).equals(before), 'loading leaves the template as it was');
  await Promise.all([first.close(), second.close()]);
});

test('a template that does not load is said, rebuilt, and the start goes on', async ({ path }) => {
  writeFileSync(path, 'not a tarball');
  const said: string[] = [];
  const db = await freshPGlite(path, (line) => said.push(line));
  assert.equal((await db.query<{ one: number }>('select 1 as one')).rows[0]?.one, 1);
  await db.close();
  assert.equal(said.length, 1);
  assert.match(said[0]!, path);
  assert.match(said[0]!, 'rebuilding it');
  assert.ok(statSync(path).size > 1_000_000, 'the template was written again, whole');
  const again: string[] = [];
  await (await freshPGlite(path, (line) => again.push(line))).close();
  assert.equal(again, [], 'the rebuilt template loads');
});

test('a template that cannot be kept leaves the start as it was', async ({ dir }) => {
  const said: string[] = [];
  const db = await freshPGlite(join(dir, 'no-such-folder', 'cluster.tar'), (line) => said.push(line));
  assert.equal((await db.query<{ one: number }>('select 1 as one')).rows[0]?.one, 1);
  await db.close();
  assert.equal(said.length, 1);
  assert.match(said[0]!, 'could not keep a cluster template');
});

test.run();
