// Button ids carry everything a later click needs and fit Discord's 100 characters.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BotErrorCodes, decodeButton, encodeButton, type ButtonAction } from '../../../bot/index.ts';

const ulid = '01JABCDEFGHJKMNPQRSTVWXYZ0';

test('every kind of button round-trips within 100 characters', () => {
  const actions: ButtonAction[] = [
    { type: 'respond', subject: 'war', accept: true, id: ulid },
    { type: 'respond', subject: 'trade', accept: false, id: `${ulid}/3` },
    { type: 'confirm', what: 'break', arg: ulid, user: '123456789012345678', expiresAt: 1_900_000_000_000 },
    { type: 'cancel', user: '123456789012345678' },
    { type: 'page', view: 'lb', arg: 'wars_won', page: 12 },
  ];
  for (const action of actions) {
    const id = encodeButton(action);
    assert.ok(id.length >= 1 && id.length <= 100, id);
    assert.equal(decodeButton(id), action);
  }
});

test('an unreadable id is a coded error, not a crash', () => {
  for (const id of ['', 'nope', 'war.maybe|x', 'confirm|leave||notanumber|zz', 'page|lb|power|-1']) {
    try {
      decodeButton(id);
      assert.unreachable(id);
    } catch (error) {
      assert.is((error as { code: string }).code, BotErrorCodes.BAD_BUTTON, id);
    }
  }
});

test('a paging button names a known list, and a leaderboard page one of the game\'s boards; a forged one is BOT_BAD_BUTTON', () => {
  for (const id of ['page|lb|evil|0', 'page|lb|__proto__|0', 'page|lb||0', 'page|scores|power|0', 'page|lb|power|1e3', 'page|lb|power|0x10']) {
    try {
      decodeButton(id);
      assert.unreachable(id);
    } catch (error) {
      assert.is((error as { code: string }).code, BotErrorCodes.BAD_BUTTON, id);
    }
  }
  assert.equal(decodeButton('page|lb|wars_won|2'), { type: 'page', view: 'lb', arg: 'wars_won', page: 2 });
  assert.equal(decodeButton('page|queue|123456789012345678|0'), { type: 'page', view: 'queue', arg: '123456789012345678', page: 0 });
});

test.run();
