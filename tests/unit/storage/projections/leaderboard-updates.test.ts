// The projection's pure mapping: public events → board updates.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LEADERBOARDS } from '../../../../actors/rules/index.ts';
import { BOARDS } from '../../../../storage/leaderboards.ts';
import { boardUpdates, type ProjectedEvent } from '../../../../storage/projections/leaderboard-updates.ts';

const stats = (id: string, values: Partial<Record<string, unknown>> = {}): ProjectedEvent => ({
  room: `nation:${id}`,
  from: `nation:${id}`,
  event: { type: 'nationStats', nation: `nation:${id}`, name: `Realm ${id}`, power: 10, military: 4, resources: 300, territory: 12, reputation: 55, wars_won: 1, inactive: false, ...values },
});

test('the store knows the same six boards as the game rules', () => {
  assert.equal([...BOARDS], [...LEADERBOARDS]);
});

test('nationStats becomes one update with every board, its name, visible while active', () => {
  const { updates, skipped } = boardUpdates([stats('1')]);
  assert.equal(skipped, []);
  assert.equal(updates, [
    { member: 'nation:1', name: 'Realm 1', scores: { power: 10, military: 4, resources: 300, territory: 12, reputation: 55, wars_won: 1 }, hidden: false },
  ]);
});

test('an inactive nation is hidden', () => {
  assert.is(boardUpdates([stats('1', { inactive: true })]).updates[0]!.hidden, true);
});

test('a member keeps only its latest update of a batch, ordered by its last event', () => {
  const { updates } = boardUpdates([stats('1', { power: 1 }), stats('2', { power: 2 }), stats('1', { power: 3 })]);
  assert.equal(updates.map((update) => [update.member, update.scores.power]), [['nation:2', 2], ['nation:1', 3]]);
});

test('other events, and events of other rooms, are ignored', () => {
  const war: ProjectedEvent = { room: 'war:w1', from: 'war:w1', event: { type: 'battleResolved', aggressor: 'nation:1' } };
  const global: ProjectedEvent = { room: 'global', from: 'season:current', event: { type: 'seasonPhase', phase: 'active' } };
  assert.equal(boardUpdates([war, global]), { updates: [], skipped: [] });
});

test('malformed nationStats are skipped with a reason, and the rest of the batch still applies', () => {
  const forged: ProjectedEvent = { ...stats('1'), from: 'war:w1' };
  const elsewhere: ProjectedEvent = { ...stats('1'), room: 'nation:2' };
  const batch = [stats('3', { power: 'lots' }), stats('4', { military: Number.NaN }), stats('5', { inactive: 'no' }), stats('6', { nation: 'nation:7' }), forged, elsewhere, stats('8')];
  const { updates, skipped } = boardUpdates(batch);
  assert.equal(updates.map((update) => update.member), ['nation:8']);
  assert.equal(skipped.map((skip) => skip.reason), [
    'power is not a finite number',
    'military is not a finite number',
    'inactive is not a boolean',
    'nationStats names nation:7',
    'nationStats not from a nation to its own room',
    'nationStats not from a nation to its own room',
  ]);
});

test('a nation without a name is listed under its address', () => {
  assert.is(boardUpdates([stats('9', { name: '' })]).updates[0]!.name, 'nation:9');
});

test.run();
