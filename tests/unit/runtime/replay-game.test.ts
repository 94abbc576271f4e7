// Issue 4 and 7: a game actor's recorded messages (the write-behind's
// actor_messages, PGlite here) replay to its current snapshot exactly — a war
// through declaration, acceptance, its battle timer, muster and settlement,
// and both nations — including while a runtime flag was switched; and every
// other kind: an alliance, an election through its two deadline timers, the
// market through a sale, a loan and an investment, and the season.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gameKinds, gameRules } from '../../../actors/index.ts';
import { loadConfig } from '../../../config/index.ts';
import { shardOf } from '../../../runtime/address.ts';
import { loggedMessage, replay, sameRecord } from '../../../runtime/replay.ts';
import { decodeRecord } from '../../../runtime/step.ts';
import { ATTACKER, DEFENDER, acceptWar, declareWar, ok, registerNations } from '../../support/game-scenario.ts';
import { startHarness, type Harness } from '../../support/runtime-harness.ts';

const config = loadConfig({ env: {} });
const kinds = gameKinds(gameRules(config));
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ADMIN = '300000000000000001';

async function replays(harness: Harness, address: string): Promise<{ version: number; state: unknown; context: Record<string, unknown> }> {
  await harness.node.flush();
  const { kind, id } = harness.node.options.kinds.forAddress(address);
  const rows = await harness.backends.repo.messages(address, { limit: 10_000 });
  const replayed = replay(kind, id, rows.map(loggedMessage));
  const stored = (await harness.backends.store.load(shardOf(address, harness.env.SHARDS), [address])).get(address)!;
  assert.is(replayed.version, stored.version, `${address}: every version is in the log`);
  assert.ok(sameRecord(kind, replayed.record!, decodeRecord(kind, stored.state)), `${address}: replay gives the stored record`);
  return { version: replayed.version, state: replayed.record!.snapshot.value, context: replayed.record!.snapshot.context as Record<string, unknown> };
}

test('a war and its two nations replay from actor_messages to their current snapshots', async () => {
  const harness = await startHarness({ backend: 'embedded', virtualTime: true, kinds });
  try {
    await registerNations(harness.client);
    await ok(harness.client, ATTACKER.address, { type: 'build', by: ATTACKER.leader, unit: 'infantry', quantity: 5 });
    const war = await declareWar(harness.client);
    await acceptWar(harness.client, war);
    // A runtime switch in the middle of the history: the replay must see it where it was.
    await harness.backends.flags.set('espionage', false);
    await harness.flags.refresh();
    assert.is(
      (await harness.client.request(ATTACKER.address, { type: 'recruitSpies', by: ATTACKER.leader, count: 1 })).ok,
      false,
      'espionage off at runtime refuses the command',
    );
    await ok(harness.client, DEFENDER.address, { type: 'contribute', by: DEFENDER.leader, resources: { gold: 0 } });
    await harness.backends.flags.set('espionage', null);
    await harness.flags.refresh();
    await harness.advance(30 * HOUR);
    const warState = await replays(harness, war);
    assert.is(warState.state, 'concluded', 'the battle ran on its timers');
    assert.ok(warState.version >= 4);
    await replays(harness, ATTACKER.address);
    await replays(harness, DEFENDER.address);
    const logged = await harness.backends.repo.messages(DEFENDER.address, { limit: 100 });
    assert.ok(logged.some((row) => JSON.parse(row.effects).flags?.espionage === false), 'the switched flag is in the log');
  } finally {
    await harness.close();
  }
});

test('an alliance, an election, the market and the season replay from actor_messages to their current snapshots', async () => {
  const harness = await startHarness({ backend: 'embedded', virtualTime: true, kinds });
  try {
    const { client } = harness;
    await registerNations(client);
    // alliance: proposed by one nation, joined by the other
    const alliance = `alliance:${String((await ok(client, ATTACKER.address, { type: 'proposeAlliance', by: ATTACKER.leader, partner: DEFENDER.address, name: 'Pact', treaty: 'defense' })).alliance)}`;
    await harness.settle();
    await ok(client, DEFENDER.address, { type: 'respondAlliance', by: DEFENDER.leader, alliance: alliance.slice('alliance:'.length), accept: true });
    // market: a listing bought, a loan, an investment
    const listing = String((await ok(client, ATTACKER.address, { type: 'sell', by: ATTACKER.leader, resource: 'food', quantity: 100, price: 50 })).listing);
    await harness.settle();
    await ok(client, DEFENDER.address, { type: 'buy', by: DEFENDER.leader, listing });
    await ok(client, ATTACKER.address, { type: 'borrow', by: ATTACKER.leader, amount: 500, days: 3 });
    await ok(client, DEFENDER.address, { type: 'invest', by: DEFENDER.leader, amount: 100 });
    // election: opened by the nation, a candidate, a vote, both deadlines on timers
    const election = String((await ok(client, DEFENDER.address, { type: 'startElection', by: DEFENDER.leader })).election);
    await harness.settle();
    await ok(client, election, { type: 'nominate', by: DEFENDER.leader });
    await harness.advance(config.timers.election.nomination_days * DAY + HOUR);
    await ok(client, election, { type: 'vote', by: DEFENDER.leader, candidate: DEFENDER.leader });
    await harness.advance(config.timers.election.voting_days * DAY + HOUR);
    await ok(client, 'market:global', { type: 'payInvestments', period: 'replay-1' });
    // season: started, then moved on by an admin
    await ok(client, 'season:current', { type: 'start', by: ADMIN });
    await ok(client, 'season:current', { type: 'advance', by: ADMIN });
    await harness.settle();
    const expected: Record<string, unknown> = { [alliance]: 'active', [election]: 'decided', 'market:global': 'open', 'season:current': 'active' };
    for (const [address, state] of Object.entries(expected)) {
      assert.is((await replays(harness, address)).state, state, `${address} ended where the scenario took it`);
    }
    const market = (await replays(harness, 'market:global')).context;
    const count = (field: string) => Object.keys(market[field] as object).length;
    assert.equal([count('listings'), count('loans'), count('investments')], [0, 1, 1], 'the listing was sold; the loan and the investment are held');
    assert.is(((await replays(harness, DEFENDER.address)).context.election as { open: boolean }).open, false, 'the nation heard the result');
    await replays(harness, ATTACKER.address);
  } finally {
    await harness.close();
  }
});

test.run();
