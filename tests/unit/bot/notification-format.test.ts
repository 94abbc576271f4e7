// Notifications as Discord messages: the defender's declaration carries
// Accept/Decline, the nation's own copies of war news are not shown twice,
// and unknown kinds still render. An ally joining a war reads differently to
// itself, its comrades and its enemies; allies read their own losses and
// whether their side won.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeButton } from '../../../bot/index.ts';
import { decodeNotification, formatNotification, isDuplicate, needsLeader } from '../../../bot/notifications/format.ts';

const base = { id: 'm/n0', from: 'war:w1', at: 0, target: 'nation:2' };

test('the defender gets buttons, the aggressor does not', () => {
  const data = { war: 'w1', aggressor: 'nation:1', defender: 'nation:2', aggressorName: 'Avalon', defenderName: null, role: 'defender', proposalDue: 1e12, reason: 'x' };
  const defender = formatNotification({ ...base, kind: 'warDeclared', data });
  assert.match(String(defender.embeds?.[0]?.title), 'Avalon declared war on you');
  const ids = defender.components![0]!.components.map((button) => decodeButton((button as { custom_id: string }).custom_id));
  assert.equal(ids, [{ type: 'respond', subject: 'war', accept: true, id: 'w1' }, { type: 'respond', subject: 'war', accept: false, id: 'w1' }]);
  assert.ok(needsLeader({ ...base, kind: 'warDeclared', data }));
  const aggressor = formatNotification({ ...base, kind: 'warDeclared', data: { ...data, role: 'attacker' } });
  assert.is(aggressor.components, undefined);
});

test('the nation’s own copies of war news are skipped; unknown kinds render generically', () => {
  assert.ok(isDuplicate({ ...base, from: 'nation:2', kind: 'battleResult', data: {} }));
  assert.not.ok(isDuplicate({ ...base, kind: 'battleResult', data: {} }));
  const generic = formatNotification({ ...base, kind: 'somethingNew', data: { a: 1, nested: { b: 2 } } });
  assert.is(generic.embeds?.[0]?.title, 'Something New');
  assert.equal(generic.embeds?.[0]?.fields, [{ name: 'a', value: '1', inline: true }]);
});

test('bad stream entries decode to null', () => {
  assert.is(decodeNotification('not json'), null);
  assert.is(decodeNotification('{"id":1}'), null);
  assert.equal(decodeNotification(JSON.stringify({ ...base, kind: 'k', data: {} }))?.kind, 'k');
});

test('a war the season reset called off says so, without a winner', () => {
  const data = { war: 'w1', aggressor: 'nation:1', defender: 'nation:2', aggressorName: 'Avalon', defenderName: 'Byzantium', outcome: 'season_ended', winner: null, tribute: null };
  const ended = formatNotification({ ...base, kind: 'warEnded', data });
  assert.is(ended.embeds?.[0]?.description, 'Outcome: **called off (the season ended)**.');
});

test('each season phase says what opens or closes', () => {
  const titles = (['pre', 'active', 'post'] as const).map(
    (phase) => formatNotification({ ...base, from: 'nation:2', kind: 'seasonPhase', data: { season: 4, phase, endsAt: 1e12 } }).embeds?.[0]?.title,
  );
  assert.equal(titles, ['📣 Season 4 is coming', '🏁 Season 4 has begun', '🏆 Season 4 is over']);
});

test('a war reason and nation names arrive as text, not as links or bold', () => {
  const data = { war: 'w1', aggressor: 'nation:1', defender: 'nation:2', aggressorName: '[🎁 Nitro](https://evil.example)', role: 'defender', proposalDue: 1e12, reason: '**bold** [free nitro](https://evil.example) <@1>' };
  const embed = formatNotification({ ...base, kind: 'warDeclared', data }).embeds![0]!;
  for (const text of [String(embed.title), String(embed.description)]) {
    const left = text.replace(/\\[^0-9A-Za-z\s]/g, 'x');
    assert.not.match(left, /\[[^\]]*\]\(|\*\*|<@/, text);
  }
  assert.match(String(embed.description), '\\*\\*bold\\*\\*');
});

const parties = { war: 'w1', aggressor: 'nation:1', defender: 'nation:2', aggressorName: 'Avalon', defenderName: 'Byzantium' };
const joined = { ...parties, supporter: 'nation:3', supporterName: 'Carthage', side: 'attacker', battleAt: 1_700_000_000_000 };

test('an ally joining: the ally, its side and the other side each read it their way', () => {
  const title = (target: string, role: string) => formatNotification({ ...base, target, kind: 'warJoined', data: { ...joined, role } }).embeds![0]!;
  const own = title('nation:3', 'attacker');
  assert.is(own.title, '🛡️ Your nation joins the war on Avalon’s side against Byzantium');
  assert.match(String(own.description), 'The battle is <t:1700000000:R>');
  assert.is(title('nation:1', 'attacker').title, '🛡️ Carthage joins the war on your side');
  assert.is(title('nation:2', 'defender').title, '⚠️ Carthage joins the war on Avalon’s side');
  const forDefender = formatNotification({ ...base, target: 'nation:1', kind: 'warJoined', data: { ...joined, side: 'defender', role: 'attacker', supporterName: '[Free](https://x.example)' } }).embeds![0]!;
  assert.is(forDefender.title, '⚠️ \\[Free\\](https://x.example) joins the war on Byzantium’s side', 'the ally’s name is text');
  assert.not.ok(needsLeader({ ...base, kind: 'warJoined', data: joined }), 'nothing to answer');
});

test('a refused join says why, in the game’s words shown as text', () => {
  const refused = formatNotification({ ...base, from: 'nation:3', target: 'nation:3', kind: 'warJoinRefused', data: { war: 'w1', code: 'GAME_WRONG_PHASE', message: 'This war is **over**.' } });
  const embed = refused.embeds![0]!;
  assert.is(embed.title, '🚫 Your nation could not join the war');
  assert.match(String(embed.description), 'This war is \\*\\*over\\*\\*.');
  assert.is(embed.footer?.text, 'war w1');
  assert.not.ok(isDuplicate({ ...base, from: 'nation:3', kind: 'warJoinRefused', data: {} }), 'only the nation sends it: shown');
});

const battle = {
  ...parties,
  winner: 'nation:1',
  winnerRole: 'attacker',
  terrain: 'plains',
  territory: 12,
  casualties: { attacker: { infantry: 4 }, defender: { infantry: 9 } },
  supporters: {
    attacker: [{ nation: 'nation:3', name: 'Carthage', units: { infantry: 20 }, casualties: { infantry: 2, armor: 0 }, absent: false }],
    defender: [{ nation: 'nation:4', name: 'Dacia', units: { infantry: 0 }, casualties: { infantry: 0 }, absent: true }],
  },
};

test('the battle report lists every ally’s losses; an ally reads its own in the description', () => {
  const forAlly = formatNotification({ ...base, target: 'nation:3', kind: 'battleResult', data: { ...battle, role: 'attacker', supporting: true } }).embeds![0]!;
  assert.is(forAlly.description, '**Avalon** won the battle on plains terrain.\nYour nation fought beside Avalon and lost 2 infantry.');
  const fields = Object.fromEntries((forAlly.fields ?? []).map((field) => [field.name, field.value]));
  assert.is(fields['Avalon losses'], '4 infantry');
  assert.is(fields['Byzantium losses'], '9 infantry');
  assert.is(fields['Carthage losses (with Avalon)'], '2 infantry');
  assert.match(fields['Dacia losses (with Byzantium)']!, 'did not muster');
  const absent = formatNotification({ ...base, target: 'nation:4', kind: 'battleResult', data: { ...battle, role: 'defender', supporting: true } }).embeds![0]!;
  assert.match(String(absent.description), 'Your nation never mustered beside Byzantium');
  const forPrincipal = formatNotification({ ...base, target: 'nation:1', kind: 'battleResult', data: { ...battle, role: 'attacker' } }).embeds![0]!;
  assert.is(forPrincipal.description, '**Avalon** won the battle on plains terrain.');
  assert.equal(forPrincipal.fields, forAlly.fields, 'the same losses for every nation that fought');
  assert.ok(isDuplicate({ ...base, from: 'nation:3', target: 'nation:3', kind: 'battleResult', data: {} }), 'an ally’s own copy is skipped too');
});

test('the end of a war tells an ally whether its side won; a peace binds only the warring nations', () => {
  const ended = (data: Record<string, unknown>) => String(formatNotification({ ...base, target: 'nation:3', kind: 'warEnded', data: { ...parties, tribute: null, ...data } }).embeds![0]!.description);
  assert.is(ended({ outcome: 'victory', winner: 'nation:1', role: 'attacker', supporting: true }), 'Outcome: **victory** — winner Avalon. Your nation fought beside Avalon: your side won.');
  assert.is(ended({ outcome: 'surrender', winner: 'nation:1', role: 'defender', supporting: true }), 'Outcome: **surrender** — winner Avalon. Your nation fought beside Byzantium: your side lost.');
  assert.match(ended({ outcome: 'peace', winner: null, role: 'defender', supporting: true }), 'The peace binds Avalon and Byzantium; your nation, their ally, signed no treaty.');
  assert.is(ended({ outcome: 'victory', winner: 'nation:1', role: 'attacker' }), 'Outcome: **victory** — winner Avalon.', 'a warring nation’s copy as before');
  const tribute = { demanded: { gold: 500 }, paid: { gold: 300, food: 0 }, received: { gold: 250 }, lost: { gold: 50 } };
  assert.is(ended({ outcome: 'victory', winner: 'nation:1', role: 'defender', tribute }), 'Outcome: **victory** — winner Avalon. Tribute paid: 300 gold.');
  const surrendered = formatNotification({ ...base, target: 'nation:3', kind: 'warSurrendered', data: { ...parties, surrenderedBy: 'nation:2', role: 'attacker', supporting: true } });
  assert.is(surrendered.embeds![0]!.description, 'Byzantium surrendered the war Avalon vs Byzantium. Your nation fought beside Avalon.');
});

test.run();
