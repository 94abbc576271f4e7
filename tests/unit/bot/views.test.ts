// Player-typed names and reasons show as literal text in the bot's embeds:
// a nation named like a masked link or a bold reason stays inert, while the
// bot's own markup (the bold rank) keeps working. A nation's wars read as
// its part in them (supporting an ally, or waiting to join), and a war's
// status and battle report list each side's allies.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { NationContext } from '../../../actors/nation/context.ts';
import type { WarContext } from '../../../actors/war/context.ts';
import { battleReport, leaderboardPage, warList, warNations, warStatus } from '../../../bot/views.ts';

/** The markup still active once Discord has consumed the escapes (each escaped character as a plain letter). */
const active = (text: string): string => text.replace(/\\[^0-9A-Za-z\s]/g, 'x');
const LINK = '[🎁 Claim free Nitro](https://evil.example/login)';

test('a leaderboard row never turns a nation name into a link or bold', () => {
  const rows = [
    { rank: 1, member: 'nation:1', name: LINK, score: 900 },
    { rank: 2, member: 'nation:2', name: '**Rome** <@1> <t:1:R>', score: 800 },
  ];
  const description = String(leaderboardPage('power', rows, 0, 1).description);
  const left = active(description);
  assert.not.match(left, /\[[^\]]*\]\(/, 'no masked link');
  assert.not.match(left, /<[@#t:]/, 'no mention or timestamp');
  assert.equal(left.match(/\*\*[^*]+\*\*/g), ['**1.**', '**2.**'], 'only the bot’s own bold ranks');
});

test('a supporter’s wars read as supporting its ally, or as waiting for the war’s answer', () => {
  const wars = {
    a1: { role: 'aggressor' as const, enemy: 'nation:2', phase: 'active' },
    b2: { role: 'supporter' as const, enemy: 'nation:2', ally: 'nation:1', phase: 'preparation' },
    c3: { role: 'supporter' as const, enemy: '', ally: '', phase: 'joining' },
  };
  assert.equal(warNations(Object.values(wars)), ['nation:2', 'nation:1'], 'enemies and allies, once each, none empty');
  const names = new Map([['nation:1', 'Avalon'], ['nation:2', '**Byz**']]);
  const list = warList({ name: 'Carthage', wars } as unknown as NationContext, names, 0).embed.description;
  assert.equal(String(list).split('\n'), [
    '**against \\*\\*Byz\\*\\*** — battle under way',
    '`a1`',
    '**supporting Avalon against \\*\\*Byz\\*\\*** — preparing for battle',
    '`b2`',
    '**joining an ally’s war** — waiting for the war’s answer',
    '`c3`',
  ]);
});

const war = {
  id: 'w1',
  aggressor: 'nation:1',
  defender: 'nation:2',
  aggressorName: 'Avalon',
  defenderName: 'Byzantium',
  reason: '',
  proposalDue: 0,
  battleAt: null,
  outcome: null,
  winner: null,
  supporters: [] as WarContext['supporters'],
} as unknown as WarContext;

test('a war’s status lists the allies of each side, or says allies may still join', () => {
  const supporters = [
    { nation: 'nation:3', name: 'Carthage', role: 'attacker', joinedAt: 1, side: null },
    { nation: 'nation:4', name: LINK, role: 'attacker', joinedAt: 2, side: null },
  ] as WarContext['supporters'];
  const fields = warStatus({ ...war, supporters }, 'preparation').fields ?? [];
  const byName = Object.fromEntries(fields.map((field) => [field.name, field.value]));
  assert.is(byName['Allies of Avalon'], `Carthage\n${'\\[🎁 Claim free Nitro\\](https://evil.example/login)'}`);
  assert.is(byName['Allies of Byzantium'], 'none');
  const alone = warStatus(war, 'preparation').fields ?? [];
  assert.match(String(alone.find((field) => field.name === 'Allies')?.value), '/war join');
  assert.not.ok((warStatus(war, 'concluded').fields ?? []).some((field) => field.name.startsWith('Allies')), 'no invitation once it is over');
});

test('a battle report read from the public event (sides with their supporters) lists the allies’ losses', () => {
  const embed = battleReport({
    war: 'w1',
    aggressor: 'nation:1',
    defender: 'nation:2',
    aggressorName: 'Avalon',
    defenderName: 'Byzantium',
    winner: 'nation:2',
    sides: {
      attacker: { strength: 900, casualties: { infantry: 6 }, supporters: [{ nation: 'nation:3', name: 'Carthage', casualties: { infantry: 6, armor: 1 }, absent: false }] },
      defender: { strength: 1100, casualties: { infantry: 3 }, supporters: [] },
    },
  });
  const fields = Object.fromEntries((embed.fields ?? []).map((field) => [field.name, field.value]));
  assert.is(fields['Carthage losses (with Avalon)'], '6 infantry, 1 armor');
  assert.is(fields['Avalon strength'], '900');
  assert.is(embed.description, '**Byzantium** won the battle.', 'no recipient: nobody’s own line');
});

test.run();
