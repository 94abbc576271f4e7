// Player-typed names and reasons show as literal text in the bot's embeds:
// a nation named like a masked link or a bold reason stays inert, while the
// bot's own markup (the bold rank) keeps working.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { leaderboardPage } from '../../../bot/views.ts';

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

test.run();
