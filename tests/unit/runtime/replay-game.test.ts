// Issue 4 and 7: a game actor's recorded messages (the write-behind's
// actor_messages, PGlite here) replay to its current snapshot exactly — a war
// through declaration, acceptance, its battle timer, muster and settlement,
// and both nations — including while a runtime flag was switched.
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

async function replays(harness: Harness, address: string): Promise<{ version: number; state: unknown }> {
  await harness.node.flush();
  const { kind, id } = harness.node.options.kinds.forAddress(address);
  const rows = await harness.backends.repo.messages(address, { limit: 10_000 });
  const replayed = replay(kind, id, rows.map(loggedMessage));
  const stored = (await harness.backends.store.load(shardOf(address, harness.env.SHARDS), [address])).get(address)!;
  assert.is(replayed.version, stored.version, `${address}: every version is in the log`);
  assert.ok(sameRecord(kind, replayed.record!, decodeRecord(kind, stored.state)), `${address}: replay gives the stored record`);
  return { version: replayed.version, state: replayed.record!.snapshot.value };
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

test.run();
