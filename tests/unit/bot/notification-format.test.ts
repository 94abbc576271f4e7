// Notifications as Discord messages: the defender's declaration carries
// Accept/Decline, the nation's own copies of war news are not shown twice,
// and unknown kinds still render.
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

test.run();
