// /war join's checks before it asks the game (each refusal's code, and
// nothing sent), what it sends when the war takes allies, and the
// autocomplete of allies' wars — against a game and a directory held in
// memory.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { joinChoices, joinWar } from '../../../bot/commands/war-join.ts';
import type { BotContext } from '../../../bot/context.ts';
import type { AutocompleteInput, CommandInput } from '../../../bot/types.ts';

const ME = 'nation:3';
const AVALON = 'nation:1';
const BYZANTIUM = 'nation:2';
const DACIA = 'nation:4';
const NAMES: Record<string, string> = { [AVALON]: 'Avalon', [BYZANTIUM]: 'Byzantium', [ME]: 'Carthage', [DACIA]: 'Dacia' };

type Wars = Record<string, { role: string; enemy: string; phase: string; ally?: string; until?: number }>;
const NOW = 1_000;

function nation(address: string, wars: Wars, alliances: Record<string, string[]> = {}) {
  return { value: 'active', context: { registered: true, name: NAMES[address], wars, alliances, settings: { channelId: 'c3', dm: false } } };
}

function war(id: string, value: unknown, supporters: { nation: string; role: string }[] = []) {
  return { value, context: { id, aggressor: AVALON, defender: BYZANTIUM, aggressorName: 'Avalon', defenderName: '**Byz**', proposalDue: 1_000_000, supporters } };
}

/** A bot context whose game answers reads from `actors` and records the commands sent. */
function fakeContext(actors: Record<string, unknown>) {
  const commands: { address: string; event: Record<string, unknown> }[] = [];
  const ctx = {
    game: {
      read: async (address: string) => actors[address] ?? null,
      command: async (address: string, event: Record<string, unknown>) => {
        commands.push({ address, event });
        return { ok: true, war: event.war };
      },
      send: async () => 'sent',
    },
    now: () => NOW,
    directory: { names: async (addresses: readonly string[]) => new Map(addresses.filter((a) => NAMES[a]).map((a) => [a, NAMES[a]!])) },
  } as unknown as BotContext;
  return { ctx, commands };
}

const actor = { userId: '77', guildId: '3', channelId: 'c3', canManageGuild: false };
const input: CommandInput = { kind: 'command', actor, command: 'war', subcommand: 'join', options: {} };
const typing = (value: string): AutocompleteInput => ({ kind: 'autocomplete', actor, command: 'war', subcommand: 'join', options: {}, focused: { name: 'war', value } });

async function refusedWith(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected a refusal');
}

const alliedWithAvalon = nation(ME, {}, { league: [ME, AVALON] });

test('a war that does not exist, is not accepted yet, is being fought or is over is refused before asking the game', async () => {
  const cases: [unknown, string, string][] = [
    [undefined, 'GAME_UNKNOWN_TARGET', 'no such war'],
    [war('w1', 'proposed'), 'GAME_WRONG_PHASE', 'not been accepted yet'],
    [war('w1', { active: 'mustering' }), 'GAME_WRONG_PHASE', 'under way'],
    [war('w1', 'concluded'), 'GAME_WRONG_PHASE', 'is over'],
  ];
  for (const [state, code, words] of cases) {
    const { ctx, commands } = fakeContext({ [ME]: alliedWithAvalon, ...(state ? { 'war:w1': state } : {}) });
    const refused = await refusedWith(joinWar(ctx, input, 'w1'));
    assert.is(refused.code, code, words);
    assert.match(refused.message, words);
    assert.equal(commands, [], 'nothing sent to the game');
  }
});

test('a nation allied with neither side, with both, or already in the war is refused with its own code', async () => {
  const cases: [unknown, unknown, string][] = [
    [nation(ME, {}, { league: [ME, DACIA] }), war('w1', 'preparation'), 'GAME_NOT_PARTICIPANT'],
    [nation(ME, {}, { league: [ME, AVALON], pact: [ME, BYZANTIUM] }), war('w1', 'preparation'), 'GAME_ALLY_TARGET'],
    [alliedWithAvalon, war('w1', 'preparation', [{ nation: ME, role: 'attacker' }]), 'GAME_WRONG_PHASE'],
    [nation(ME, { w1: { role: 'supporter', enemy: '', ally: '', phase: 'joining', until: NOW + 1 } }, { league: [ME, AVALON] }), war('w1', 'preparation'), 'GAME_WRONG_PHASE'],
  ];
  for (const [own, state, code] of cases) {
    const { ctx, commands } = fakeContext({ [ME]: own, 'war:w1': state });
    const refused = await refusedWith(joinWar(ctx, input, 'w1'));
    assert.is(refused.code, code, refused.message);
    assert.equal(commands, []);
  }
  const { ctx } = fakeContext({ [ME]: nation(ME, {}, { pact: [ME, BYZANTIUM, AVALON] }), 'war:w1': war('w1', 'preparation') });
  assert.match((await refusedWith(joinWar(ctx, input, 'w1'))).message, 'Avalon and \\*\\*Byz\\*\\*', 'names escaped');
});

test('a join the war never answered (its hour is up) does not stop the nation asking again', async () => {
  const stale = nation(ME, { w1: { role: 'supporter', enemy: '', ally: '', phase: 'joining', until: NOW } }, { league: [ME, AVALON] });
  const { ctx, commands } = fakeContext({ [ME]: stale, 'war:w1': war('w1', 'preparation') });
  await joinWar(ctx, input, 'w1');
  assert.equal(commands.map((command) => command.event.type), ['joinWar']);
});

test('an ally of the defender asks its own nation to join; the answer names the defender and the news channel', async () => {
  const { ctx, commands } = fakeContext({ [ME]: nation(ME, {}, { pact: [ME, BYZANTIUM] }), 'war:w1': war('w1', 'preparation') });
  assert.equal(await joinWar(ctx, input, 'w1'), { ally: '**Byz**', channelId: 'c3' });
  assert.equal(commands, [{ address: ME, event: { type: 'joinWar', war: 'w1', by: '77' } }]);
});

test('autocomplete offers allies’ wars in preparation, once each, labelled with the ally and its enemy', async () => {
  const { ctx } = fakeContext({
    [ME]: nation(ME, { mine: { role: 'aggressor', enemy: 'nation:9', phase: 'preparation' } }, { league: [ME, AVALON, DACIA], pact: [ME, AVALON] }),
    [AVALON]: nation(AVALON, {
      w1: { role: 'aggressor', enemy: BYZANTIUM, phase: 'preparation' },
      w2: { role: 'defender', enemy: BYZANTIUM, phase: 'proposed' },
      w3: { role: 'supporter', enemy: BYZANTIUM, ally: 'nation:8', phase: 'preparation' },
      w4: { role: 'defender', enemy: DACIA, phase: 'preparation' },
      mine: { role: 'defender', enemy: ME, phase: 'preparation' },
    }),
    [DACIA]: nation(DACIA, { w5: { role: 'defender', enemy: BYZANTIUM, phase: 'preparation' }, w4: { role: 'aggressor', enemy: AVALON, phase: 'preparation' } }),
  });
  assert.equal(await joinChoices(ctx, typing('')), [
    { name: 'with Avalon vs Byzantium', value: 'w1' },
    { name: 'with Dacia vs Byzantium', value: 'w5' },
  ]);
  assert.equal(await joinChoices(ctx, typing('dac')), [{ name: 'with Dacia vs Byzantium', value: 'w5' }]);
  const { ctx: alone } = fakeContext({ [ME]: nation(ME, {}) });
  assert.equal(await joinChoices(alone, typing('')), [], 'no allies, no wars to join');
});

test.run();
