// Discord's limits on application commands, checked before deploying (and
// by a test): name pattern, description 1–100, ≤ 25 options, ≤ 25 choices,
// choices or autocomplete (not both), ≤ 8,000 characters per command, ≤ 100
// global chat-input commands. Pure.
import type { CommandJson } from './types.ts';

export const COMMAND_LIMITS = {
  globalCommands: 100,
  options: 25,
  choices: 25,
  description: 100,
  totalCharacters: 8000,
} as const;

const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

interface OptionLike {
  readonly name: string;
  readonly description: string;
  readonly options?: readonly OptionLike[];
  readonly choices?: readonly { name: string; value: unknown }[];
  readonly autocomplete?: boolean;
}

/** Characters Discord counts: names, descriptions, choice names and values, recursively. */
function characters(option: OptionLike): number {
  return (
    option.name.length +
    option.description.length +
    (option.choices ?? []).reduce((sum, choice) => sum + choice.name.length + String(choice.value).length, 0) +
    (option.options ?? []).reduce((sum, child) => sum + characters(child), 0)
  );
}

function checkOption(path: string, option: OptionLike, problems: string[]): void {
  if (!NAME.test(option.name) || option.name !== option.name.toLowerCase()) problems.push(`${path}: name "${option.name}" is not 1–32 lowercase letters, digits, - or _`);
  if (option.description.length < 1 || option.description.length > COMMAND_LIMITS.description) problems.push(`${path}: description must be 1–100 characters (${option.description.length})`);
  if ((option.options?.length ?? 0) > COMMAND_LIMITS.options) problems.push(`${path}: more than ${COMMAND_LIMITS.options} options`);
  if ((option.choices?.length ?? 0) > COMMAND_LIMITS.choices) problems.push(`${path}: more than ${COMMAND_LIMITS.choices} choices`);
  if (option.autocomplete && (option.choices?.length ?? 0) > 0) problems.push(`${path}: has both choices and autocomplete`);
  for (const child of option.options ?? []) checkOption(`${path} ${child.name}`, child, problems);
}

export function checkCommandLimits(commands: readonly CommandJson[], scope: { global: boolean }): string[] {
  const problems: string[] = [];
  if (scope.global && commands.length > COMMAND_LIMITS.globalCommands) problems.push(`${commands.length} global commands (at most ${COMMAND_LIMITS.globalCommands})`);
  const names = new Set<string>();
  for (const command of commands) {
    const option = command as unknown as OptionLike;
    if (names.has(command.name)) problems.push(`/${command.name}: defined twice`);
    names.add(command.name);
    checkOption(`/${command.name}`, option, problems);
    const total = characters(option);
    if (total > COMMAND_LIMITS.totalCharacters) problems.push(`/${command.name}: ${total} characters (at most ${COMMAND_LIMITS.totalCharacters})`);
  }
  return problems;
}
