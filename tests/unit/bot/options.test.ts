// Options are checked on the server against the command's own definition.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BotErrorCodes, validateOptions } from '../../../bot/index.ts';
import * as military from '../../../bot/commands/military.ts';
import * as admin from '../../../bot/commands/admin.ts';
import * as nation from '../../../bot/commands/nation.ts';
import * as war from '../../../bot/commands/war.ts';

const json = military.data.toJSON();
const code = (run: () => unknown): string => {
  try {
    run();
    return 'none';
  } catch (error) {
    return (error as { code: string }).code;
  }
};
/** What the player is told when the options are refused. */
const refusal = (run: () => unknown): string => {
  try {
    run();
    return 'none';
  } catch (error) {
    return `${(error as { code: string }).code}: ${(error as { playerMessage: string }).playerMessage}`;
  }
};

test('valid options pass, normalised', () => {
  assert.equal(validateOptions(json, 'build', { unit: 'armor', quantity: '12' }), { unit: 'armor', quantity: 12 });
});

test('out of range, wrong type, unknown choice, missing, unknown option and subcommand are refused', () => {
  assert.is(code(() => validateOptions(json, 'build', { unit: 'armor', quantity: -5 })), BotErrorCodes.BAD_OPTION);
  assert.is(code(() => validateOptions(json, 'build', { unit: 'armor', quantity: 1e12 })), BotErrorCodes.BAD_OPTION);
  assert.is(code(() => validateOptions(json, 'build', { unit: 'armor', quantity: 2.5 })), BotErrorCodes.BAD_OPTION);
  assert.is(code(() => validateOptions(json, 'build', { unit: 'dragons', quantity: 1 })), BotErrorCodes.BAD_OPTION);
  assert.is(code(() => validateOptions(json, 'build', { unit: 'armor' })), BotErrorCodes.BAD_OPTION);
  assert.is(code(() => validateOptions(json, 'build', { unit: 'armor', quantity: 1, extra: 1 })), BotErrorCodes.BAD_OPTION);
  assert.is(code(() => validateOptions(json, 'demolish', {})), BotErrorCodes.UNKNOWN_COMMAND);
  assert.is(code(() => validateOptions(war.data.toJSON(), 'declare', { target: 'x'.repeat(101) })), BotErrorCodes.BAD_OPTION);
});

test('control characters in a text option are refused, naming the option', () => {
  for (const name of ['Aqu\u0000ila', 'Aquila\u0000', 'Aqu\u001bila', 'Aqu\u007fila', 'Aquila\n', '\tAquila']) {
    assert.is(refusal(() => validateOptions(nation.data.toJSON(), 'register', { name })), 'BOT_BAD_OPTION: `name` cannot contain control characters (such as line breaks, tabs or NUL).', JSON.stringify(name));
  }
  assert.is(refusal(() => validateOptions(war.data.toJSON(), 'declare', { target: 'nation:1', reason: 'the \u0000river' })), 'BOT_BAD_OPTION: `reason` cannot contain control characters (such as line breaks, tabs or NUL).');
  assert.equal(validateOptions(nation.data.toJSON(), 'register', { name: ' Aquila Prime ' }), { name: 'Aquila Prime' });
});

test('invisible and direction-changing characters in a text option are refused, naming the option', () => {
  const message = 'cannot contain invisible or direction-changing characters (such as U+202E or U+200B). Type it again without them.';
  for (const name of ['Rome\u202e0 — 99999\u200b', 'Ro\u2066me', 'Rome\ufeff', 'Ro\u2060me', 'Ro\u200dme']) {
    assert.is(refusal(() => validateOptions(nation.data.toJSON(), 'register', { name })), `BOT_BAD_OPTION: \`name\` ${message}`, JSON.stringify(name));
  }
  assert.is(refusal(() => validateOptions(war.data.toJSON(), 'declare', { target: 'nation:1', reason: 'glory\u202a' })), `BOT_BAD_OPTION: \`reason\` ${message}`);
  assert.equal(validateOptions(nation.data.toJSON(), 'register', { name: '🏳️‍🌈 Pride' }), { name: '🏳️‍🌈 Pride' });
});

test('a whole-number option takes plain decimal digits only: no hex, binary, octal, exponent, plus sign or spaces', () => {
  for (const quantity of ['0x10', '0b101', '0o17', '1e3', '+5', ' 7 ', '7 ', '1_000', '1,000', 'Infinity', '12.0', '.5']) {
    assert.is(refusal(() => validateOptions(json, 'build', { unit: 'armor', quantity })), 'BOT_BAD_OPTION: `quantity` must be a whole number, such as 12.', JSON.stringify(quantity));
  }
  assert.equal(validateOptions(json, 'build', { unit: 'armor', quantity: '007' }), { unit: 'armor', quantity: 7 });
  assert.is(refusal(() => validateOptions(json, 'build', { unit: 'armor', quantity: '-5' })), 'BOT_BAD_OPTION: `quantity` must be at least 1 (you gave -5).');
});

test('a required text option of only spaces is missing, not empty', () => {
  const ban = (reason: string) => validateOptions(admin.data.toJSON(), 'ban', { type: 'user', id: '123456789012345678', reason });
  assert.is(refusal(() => ban('   ')), 'BOT_BAD_OPTION: `reason` is required.');
  assert.is(refusal(() => ban('')), 'BOT_BAD_OPTION: `reason` is required.');
  assert.equal(ban(' spam ').reason, 'spam');
  assert.equal(validateOptions(war.data.toJSON(), 'declare', { target: 'nation:1', reason: '   ' }), { target: 'nation:1' }, 'an optional one is left out');
});

test.run();
