// GAME.md "Reset clears game state": nothing a nation had outside itself
// outlives its season reset. Played on every machine at once (game-world.ts):
// a war accepted before the reset is called off, not fought on the new
// season's army; the market forfeits investments, listings and trade offers
// and forgives loans; alliances dissolve and an old invitation cannot
// rebuild one; a credit the market sent before it heard of the reset does
// not make the new season richer. Found by a rules audit (2026-12-01): before,
// only the nations were reset.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { MarketContext } from '../../../actors/market/index.ts';
import type { NationContext } from '../../../actors/nation/index.ts';
import type { WarContext } from '../../../actors/war/index.ts';
import { shippedRules } from '../../support/game-rules.ts';
import { GameWorld } from './game-world.ts';

const T0 = Date.UTC(2026, 5, 1);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const rules = shippedRules();
const STARTING_GOLD = rules.balance.resources.gold.starting;
const NATIONS = ['1', '2', '3', '4'] as const;
const leaderOf = (guild: string): string => `${guild}${guild}`;

function world(): GameWorld {
  const game = new GameWorld(rules, T0);
  for (const guild of NATIONS) ok(game, `nation:${guild}`, { type: 'register', by: leaderOf(guild), name: `Nation ${guild}` });
  game.drain();
  return game;
}

function ok(game: GameWorld, to: string, event: { type: string } & Record<string, unknown>, id?: string) {
  const { result } = game.request(to, event, id);
  if (result.outcome !== 'applied') throw new Error(`${event.type} to ${to} was ${result.outcome}: ${JSON.stringify(result)}`);
  return result;
}

const command = (game: GameWorld, guild: string, event: { type: string } & Record<string, unknown>, id?: string) =>
  ok(game, `nation:${guild}`, { ...event, by: leaderOf(guild) }, id);

function resetAll(game: GameWorld, season = 2): void {
  for (const guild of NATIONS) ok(game, `nation:${guild}`, { type: 'seasonReset', season, theme: 'Silicon Frontier', startingBonus: 0 });
  game.drain();
}

const nation = (game: GameWorld, guild: string) => game.context<NationContext>(`nation:${guild}`)!;
const market = (game: GameWorld) => game.context<MarketContext>('market:global')!;

test('a war accepted before the reset is called off: no battle, no tribute, nobody wins', () => {
  const game = world();
  command(game, '3', { type: 'declareWar', target: 'nation:4', reason: 'glory' }, 'war1');
  game.drain();
  game.advance(HOUR, true);
  command(game, '4', { type: 'respondWar', war: 'war1', accept: true });
  game.drain();
  game.advance(2 * HOUR, true);
  resetAll(game);

  const war = game.context<WarContext>('war:war1')!;
  assert.is(war.outcome, 'season_ended');
  assert.is(war.winner, null);
  assert.is(war.settlement, null, 'no battle was fought');
  assert.equal(game.record('war:war1')!.timers, {}, 'the battle timer is gone');
  for (const guild of ['3', '4']) assert.equal(nation(game, guild).wars, {});

  // Where the battle would have been: the new season's nations are untouched.
  game.advance(2 * DAY, true);
  for (const guild of ['3', '4']) {
    assert.is(nation(game, guild).territory, rules.balance.territory.starting);
    assert.is(nation(game, guild).warsWon + nation(game, guild).warsLost, 0);
  }
});

test('the market forfeits investments, listings and trade offers and forgives loans', () => {
  const game = world();
  command(game, '1', { type: 'invest', amount: 1_000 }, 'inv1');
  command(game, '2', { type: 'borrow', amount: 5_000, days: 14 }, 'loan1');
  command(game, '3', { type: 'sell', resource: 'food', quantity: 100, price: 50 }, 'listing1');
  command(game, '4', { type: 'proposeTrade', partner: 'nation:1', give: { materials: 50 }, want: { gold: 10 } }, 'trade1');
  game.drain();
  assert.ok(market(game).investments.inv1 && market(game).loans.loan1 && market(game).listings.listing1 && market(game).trades.trade1);

  resetAll(game);
  const after = market(game);
  assert.equal([after.investments, after.loans, after.listings, after.trades, after.collecting], [{}, {}, {}, {}, {}]);
  for (const guild of NATIONS) {
    assert.is(nation(game, guild).resources.gold, STARTING_GOLD, `nation ${guild} starts the season with the starting gold`);
    assert.is(nation(game, guild).marketClosing, false, 'the market answered seasonClosed');
  }

  // The old items are gone for good: withdrawing, buying or repaying them is refused, and no loan is collected.
  const withdrawn = game.request('market:global', { type: 'withdrawInvestment', investment: 'inv1' });
  assert.is(withdrawn.result.outcome, 'refused');
  game.advance(20 * DAY, true);
  assert.is(nation(game, '2').resources.gold >= STARTING_GOLD, true, 'the forgiven loan was not collected');
});

test('a credit the market sent before it heard of the reset is taken in and given up to the reset', () => {
  const game = world();
  command(game, '1', { type: 'invest', amount: 1_000 }, 'inv1');
  game.drain();
  game.advance(DAY);
  // The hourly return is on its way to nation 1 when its season is reset.
  ok(game, 'market:global', { type: 'payInvestments', period: 'p1' });
  assert.ok(game.queued.some((envelope) => envelope.to === 'nation:1' && envelope.event.type === 'credit'));
  ok(game, 'nation:1', { type: 'seasonReset', season: 2, theme: 'Silicon Frontier', startingBonus: 0 });
  game.drain();
  assert.is(nation(game, '1').resources.gold, STARTING_GOLD);
  assert.is(nation(game, '1').marketClosing, false);
  // After seasonClosed the market's credits count again.
  command(game, '1', { type: 'invest', amount: 500 }, 'inv2');
  game.drain();
  game.advance(DAY);
  ok(game, 'market:global', { type: 'payInvestments', period: 'p2' });
  game.drain();
  assert.ok(nation(game, '1').resources.gold > STARTING_GOLD - 500, 'the new investment pays its return');
});

test('alliances dissolve at the reset, and an invitation from before it builds nothing', () => {
  const game = world();
  command(game, '1', { type: 'proposeAlliance', partner: 'nation:2', name: 'Old Pact', treaty: 'defense' }, 'al1');
  game.drain();
  command(game, '2', { type: 'respondAlliance', alliance: 'al1', accept: true });
  game.drain();
  command(game, '1', { type: 'inviteToAlliance', alliance: 'al1', nation: 'nation:3' });
  command(game, '4', { type: 'proposeAlliance', partner: 'nation:3', name: 'Unanswered', treaty: 'defense' }, 'al2');
  game.drain();
  assert.equal(nation(game, '1').alliances.al1, ['nation:1', 'nation:2']);

  resetAll(game);
  assert.is(game.record('alliance:al1')!.snapshot.value, 'dissolved');
  assert.is(game.record('alliance:al2')!.snapshot.value, 'dissolved', 'a proposal nobody answered is withdrawn too');
  for (const guild of NATIONS) {
    assert.equal(nation(game, guild).alliances, {});
    assert.equal(nation(game, guild).pendingAlliances, {});
  }

  // Nation 3 answers the old invitations in the new season: nothing forms, nobody gains reputation.
  command(game, '3', { type: 'respondAlliance', alliance: 'al1', accept: true });
  command(game, '3', { type: 'respondAlliance', alliance: 'al2', accept: true });
  game.drain();
  for (const guild of NATIONS) {
    assert.equal(nation(game, guild).alliances, {});
    assert.is(nation(game, guild).reputation, rules.balance.reputation.initial_score);
  }
});

test.run();
