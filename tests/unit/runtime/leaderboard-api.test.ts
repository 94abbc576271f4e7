// /api/leaderboards over real HTTP on an HttpApp (the runtime process's),
// reading an in-memory store: listing, top N with paging, rank, and a clear
// 400/404/405 JSON error for every kind of bad input.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Registry } from 'prom-client';
import { HttpApp } from '../../../runtime/http.ts';
import { mountLeaderboardApi } from '../../../runtime/leaderboard-api.ts';
import { BOARDS, MemoryLeaderboards } from '../../../storage/leaderboards.ts';

const boards = new MemoryLeaderboards(BOARDS);
await boards.update(
  Array.from({ length: 15 }, (_, i) => ({
    member: `nation:${1000 + i}`,
    name: `Realm ${i}`,
    scores: { power: 100 - i, military: i, resources: 50, territory: 10, reputation: 50, wars_won: 0 },
    hidden: false,
  })),
);
await boards.update([{ member: 'nation:2000', name: 'Sleepy', scores: { power: 999 }, hidden: true }]);

const app = new HttpApp({ registry: new Registry(), ready: () => true });
mountLeaderboardApi(app, boards);
const server = await app.listen(0, '127.0.0.1');
const address = server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/leaderboards`;

async function get(path: string, init?: RequestInit): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${base}${path}`, init);
  assert.match(response.headers.get('content-type') ?? '', 'application/json');
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

test('lists the six boards with their sizes (hidden nations do not count)', async () => {
  const { status, body } = await get('');
  assert.is(status, 200);
  assert.equal(body.boards, BOARDS.map((board) => ({ board, size: 15 })));
});

test('top N: default limit 10, highest first, ranks from 1', async () => {
  const { status, body } = await get('/power');
  assert.is(status, 200);
  assert.equal([body.board, body.size, body.limit, body.offset], ['power', 15, 10, 0]);
  const rows = body.rows as { rank: number; member: string; name: string; score: number }[];
  assert.is(rows.length, 10);
  assert.equal(rows[0], { rank: 1, member: 'nation:1000', name: 'Realm 0', score: 100 });
  assert.equal(rows.map((row) => row.rank), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
});

test('limit and offset page through a board; past the end is an empty page', async () => {
  const page = await get('/military?limit=3&offset=2');
  assert.equal((page.body.rows as { member: string; rank: number }[]).map((row) => [row.rank, row.member]), [[3, 'nation:1012'], [4, 'nation:1011'], [5, 'nation:1010']]);
  assert.equal((await get('/power?limit=100')).body.rows, (await get('/power?limit=15')).body.rows);
  const past = await get('/power?offset=50');
  assert.is(past.status, 200);
  assert.equal(past.body.rows, []);
});

test("rank of a nation, by address (raw or percent-encoded); a hidden one is not ranked", async () => {
  const { status, body } = await get('/power/rank/nation:1003');
  assert.is(status, 200);
  assert.equal(body.row, { rank: 4, member: 'nation:1003', name: 'Realm 3', score: 97 });
  assert.equal((await get('/power/rank/nation%3A1003')).body.row, body.row);
  const hidden = await get('/power/rank/nation:2000');
  assert.is(hidden.status, 404);
  assert.is(hidden.body.code, 'RUNTIME_NOT_RANKED');
});

test('bad input: each gets its status and code, with a message naming the problem', async () => {
  const cases: [string, number, string, string][] = [
    ['/gold', 404, 'RUNTIME_UNKNOWN_BOARD', 'boards are power, military'],
    ['/gold/rank/nation:1', 404, 'RUNTIME_UNKNOWN_BOARD', 'no board "gold"'],
    ['/power?limit=0', 400, 'RUNTIME_BAD_LIMIT', 'from 1 to 100'],
    ['/power?limit=101', 400, 'RUNTIME_BAD_LIMIT', 'got "101"'],
    ['/power?limit=ten', 400, 'RUNTIME_BAD_LIMIT', 'got "ten"'],
    ['/power?limit=2.5', 400, 'RUNTIME_BAD_LIMIT', 'whole number'],
    ['/power?limit=', 400, 'RUNTIME_BAD_LIMIT', 'got ""'],
    ['/power?offset=-1', 400, 'RUNTIME_BAD_OFFSET', 'from 0 to 1,000,000'],
    ['/power?offset=1e3', 400, 'RUNTIME_BAD_OFFSET', 'got "1e3"'],
    ['/power?offset=1000001', 400, 'RUNTIME_BAD_OFFSET', 'whole number'],
    ['/power/rank/war:abc', 400, 'RUNTIME_BAD_MEMBER', 'nation address'],
    ['/power/rank/1003', 400, 'RUNTIME_BAD_MEMBER', 'got "1003"'],
    ['/power/rank/nation%3A', 400, 'RUNTIME_BAD_MEMBER', 'nation address'],
    ['/power/rank/%E0%A4%A', 400, 'RUNTIME_BAD_MEMBER', 'nation address'],
    ['/power/rank', 404, 'RUNTIME_NOT_FOUND', 'no leaderboard route'],
    ['/power/top/3', 404, 'RUNTIME_NOT_FOUND', 'no leaderboard route'],
  ];
  for (const [path, status, code, message] of cases) {
    const answer = await get(path);
    assert.is(answer.status, status, path);
    assert.is(answer.body.ok, false, path);
    assert.is(answer.body.code, code, path);
    assert.match(String(answer.body.message), message, path);
  }
});

test('the API only reads: other methods get 405 and change nothing', async () => {
  const response = await fetch(`${base}/power`, { method: 'POST', body: '{}' });
  assert.is(response.headers.get('allow'), 'GET, HEAD');
  const answer = { status: response.status, body: (await response.json()) as Record<string, unknown> };
  assert.is(answer.status, 405);
  assert.is(answer.body.code, 'RUNTIME_METHOD_NOT_ALLOWED');
  assert.is(await boards.size('power'), 15);
});

test.after(async () => {
  await app.close();
});

test.run();
