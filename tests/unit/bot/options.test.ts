// Options are checked on the server against the command's own definition.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BotErrorCodes, validateOptions } from '../../../bot/index.ts';
import * as military from '../../../bot/commands/military.ts';
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

test.run();
