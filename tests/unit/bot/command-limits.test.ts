// Every command's JSON passes discord.js's builder validation and Discord's
// limits: name pattern, description 1–100, ≤ 25 options, ≤ 25 choices,
// choices or autocomplete, ≤ 8,000 characters, ≤ 100 global commands.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkCommandLimits, commands, commandsJson, COMMAND_LIMITS } from '../../../bot/index.ts';
import type { CommandJson } from '../../../bot/types.ts';

const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

test('the builders validate every command (toJSON runs discord.js’s validators)', () => {
  const json = commandsJson();
  assert.is(json.length, commands.length);
  assert.equal(json.map((command) => command.name).sort(), ['admin', 'alliance', 'citizen', 'election', 'help', 'invest', 'leaderboard', 'loan', 'market', 'military', 'nation', 'overlay', 'rank', 'season', 'spy', 'trade', 'war']);
});

test('every command is within Discord’s limits', () => {
  assert.equal(checkCommandLimits(commandsJson(), { global: true }), []);
  const json = commandsJson();
  assert.ok(json.length <= COMMAND_LIMITS.globalCommands);
  const walk = (options: readonly Record<string, unknown>[] | undefined, path: string): void => {
    assert.ok((options?.length ?? 0) <= 25, `${path}: ≤ 25 options`);
    for (const option of options ?? []) {
      const name = String(option.name);
      const description = String(option.description);
      assert.ok(NAME.test(name) && name === name.toLowerCase(), `${path} ${name}: name pattern`);
      assert.ok(description.length >= 1 && description.length <= 100, `${path} ${name}: description 1–100`);
      const choices = option.choices as unknown[] | undefined;
      assert.ok((choices?.length ?? 0) <= 25, `${path} ${name}: ≤ 25 choices`);
      assert.not.ok(option.autocomplete && choices?.length, `${path} ${name}: choices or autocomplete`);
      walk(option.options as Record<string, unknown>[] | undefined, `${path} ${name}`);
    }
  };
  for (const command of json) {
    assert.ok(NAME.test(command.name), command.name);
    assert.ok(command.description.length >= 1 && command.description.length <= 100, `/${command.name} description`);
    walk(command.options as unknown as Record<string, unknown>[], `/${command.name}`);
  }
});

test('the checker catches each kind of breach', () => {
  const bad = [
    { name: 'Bad Name', description: 'x', options: [] },
    { name: 'long', description: 'd'.repeat(101) },
    { name: 'many', description: 'x', options: Array.from({ length: 26 }, (_, i) => ({ type: 3, name: `o${i}`, description: 'x' })) },
    { name: 'choices', description: 'x', options: [{ type: 3, name: 'c', description: 'x', choices: Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `c${i}` })) }] },
    { name: 'both', description: 'x', options: [{ type: 3, name: 'c', description: 'x', autocomplete: true, choices: [{ name: 'a', value: 'a' }] }] },
  ] as unknown as CommandJson[];
  const problems = checkCommandLimits(bad, { global: true });
  assert.is(problems.length, 5, problems.join('\n'));
  const tooMany = Array.from({ length: 101 }, (_, i) => ({ name: `c${i}`, description: 'x' })) as unknown as CommandJson[];
  assert.match(checkCommandLimits(tooMany, { global: true }).join('\n'), '101 global commands');
  assert.equal(checkCommandLimits(tooMany, { global: false }), [], 'the 100 limit is for global commands');
});

test.run();
