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

test.run();
