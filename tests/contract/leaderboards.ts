// One suite for every LeaderboardStore (STYLE.md 4): Redis sorted sets and the
// in-memory twin must rank, page and hide the same way.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { BoardUpdate, LeaderboardStore } from '../../storage/leaderboards.ts';

export interface OpenedLeaderboards {
  readonly boards: LeaderboardStore;
  cleanup(): Promise<void>;
}

export const BOARDS = ['power', 'military'] as const;

const update = (member: string, power: number, military: number, hidden = false): BoardUpdate => ({
  member,
  name: `Name of ${member}`,
  scores: { power, military },
  hidden,
});

export function leaderboardsContract(label: string, open: () => Promise<OpenedLeaderboards>) {
  const it = suite<{ opened?: OpenedLeaderboards }>(`leaderboards contract: ${label}`);
  it.before.each(async (context) => {
    context.opened = await open();
  });
  it.after.each(async (context) => {
    await context.opened?.cleanup();
  });
  const boardsOf = (context: { opened?: OpenedLeaderboards }) => context.opened!.boards;

  it('top N is highest first with ranks from 1 and display names', async (context) => {
    const boards = boardsOf(context);
    await boards.update([update('nation:a', 10, 5), update('nation:b', 30, 1), update('nation:c', 20, 9)]);
    assert.equal(await boards.top('power', 2), [
      { rank: 1, member: 'nation:b', name: 'Name of nation:b', score: 30 },
      { rank: 2, member: 'nation:c', name: 'Name of nation:c', score: 20 },
    ]);
    assert.equal((await boards.top('military', 3)).map((row) => row.member), ['nation:c', 'nation:a', 'nation:b']);
  });

  it('pages with an offset and answers an empty page past the end', async (context) => {
    const boards = boardsOf(context);
    await boards.update([update('nation:a', 1, 0), update('nation:b', 2, 0), update('nation:c', 3, 0)]);
    assert.equal((await boards.top('power', 2, 1)).map((row) => [row.rank, row.member]), [[2, 'nation:b'], [3, 'nation:a']]);
    assert.equal(await boards.top('power', 5, 10), []);
    assert.equal(await boards.top('power', 0), []);
  });

  it('rank of a member, and null for one not on the board', async (context) => {
    const boards = boardsOf(context);
    await boards.update([update('nation:a', 10, 0), update('nation:b', 30, 0)]);
    assert.equal(await boards.rank('power', 'nation:a'), { rank: 2, member: 'nation:a', name: 'Name of nation:a', score: 10 });
    assert.is(await boards.rank('power', 'nation:zzz'), null);
  });

  it('updates carry absolute values: applying one twice ends the same', async (context) => {
    const boards = boardsOf(context);
    await boards.update([update('nation:a', 10, 0), update('nation:a', 10, 0), update('nation:b', 5, 0)]);
    await boards.update([update('nation:a', 3, 0)]);
    assert.equal((await boards.top('power', 5)).map((row) => [row.member, row.score]), [['nation:b', 5], ['nation:a', 3]]);
    assert.is(await boards.size('power'), 2);
  });

  it('boards an update leaves out keep their value', async (context) => {
    const boards = boardsOf(context);
    await boards.update([update('nation:a', 10, 7)]);
    await boards.update([{ member: 'nation:a', name: 'Renamed', scores: { power: 11 }, hidden: false }]);
    assert.equal(await boards.rank('military', 'nation:a'), { rank: 1, member: 'nation:a', name: 'Renamed', score: 7 });
  });

  it('a hidden member leaves every board but stays in the directory', async (context) => {
    const boards = boardsOf(context);
    await boards.update([update('nation:a', 10, 7), update('nation:b', 5, 5)]);
    await boards.update([update('nation:a', 10, 7, true)]);
    assert.is(await boards.rank('power', 'nation:a'), null);
    assert.is(await boards.rank('military', 'nation:a'), null);
    assert.is(await boards.size('power'), 1);
    assert.equal((await boards.members()).sort(), ['nation:a', 'nation:b']);
  });

  it('equal scores are ordered the same way by every store', async (context) => {
    const boards = boardsOf(context);
    await boards.update([update('nation:a', 5, 0), update('nation:c', 5, 0), update('nation:b', 5, 0)]);
    assert.equal((await boards.top('power', 3)).map((row) => row.member), ['nation:c', 'nation:b', 'nation:a']);
  });

  it('a batch and the cursor it covers are applied together; the cursor starts empty', async (context) => {
    const boards = boardsOf(context);
    assert.equal(await boards.loadCursor(), new Map());
    assert.is(await boards.applyBatch([update('nation:a', 4, 2)], new Map([[0, '5-0'], [3, '7-1']]), 10), true);
    assert.is(await boards.applyBatch([update('nation:b', 9, 1)], new Map([[3, '8-0']]), 10), true, 'the same writer goes on');
    assert.equal(await boards.loadCursor(), new Map([[0, '5-0'], [3, '8-0']]));
    assert.equal((await boards.top('power', 5)).map((row) => [row.member, row.score]), [['nation:b', 9], ['nation:a', 4]]);
  });

  it('a writer under an older epoch than one seen is refused and changes nothing', async (context) => {
    const boards = boardsOf(context);
    assert.is(await boards.applyBatch([update('nation:a', 4, 2)], new Map([[0, '5-0']]), 10), true);
    assert.is(await boards.applyBatch([update('nation:a', 20, 20, false)], new Map([[0, '9-0']]), 11), true, 'a newer owner takes over');
    assert.is(await boards.applyBatch([update('nation:a', 1, 1, true), update('nation:z', 3, 3)], new Map([[0, '6-0'], [1, '2-0']]), 10), false);
    assert.equal(await boards.loadCursor(), new Map([[0, '9-0']]));
    assert.equal(await boards.rank('power', 'nation:a'), { rank: 1, member: 'nation:a', name: 'Name of nation:a', score: 20 });
    assert.equal(await boards.members(), ['nation:a']);
  });

  it('a batch of a thousand nations lands whole, with its cursor', async (context) => {
    const boards = boardsOf(context);
    const many = Array.from({ length: 1_200 }, (_, i) => update(`nation:${i}`, i, 0));
    assert.is(await boards.applyBatch(many, new Map([[2, '42-0']]), 1), true);
    assert.is(await boards.size('power'), 1_200);
    assert.equal((await boards.top('power', 1))[0]?.member, 'nation:1199');
    assert.equal(await boards.loadCursor(), new Map([[2, '42-0']]));
    assert.is(await boards.applyBatch([], new Map([[2, '43-0']]), 1), true, 'a batch with no updates still moves the cursor');
    assert.equal(await boards.loadCursor(), new Map([[2, '43-0']]));
  });

  return it;
}
