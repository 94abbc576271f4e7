// Checks a command's options against its own definition (the JSON Discord
// was given), on the server: Discord's client enforces types, ranges and
// choices too, but the play page and a forged request do not. Pure.
import { ApplicationCommandOptionType } from 'discord.js';
import type { APIApplicationCommandOption } from 'discord.js';
import { HIDDEN_CHARACTER } from '../actors/common/schemas.ts';
import { CONTROL_CHARACTER } from '../runtime/address.ts';
import { plain } from './embeds.ts';
import { BotError, BotErrorCodes } from './errors.ts';
import type { CommandJson, OptionValue } from './types.ts';

interface BasicOption {
  readonly type: ApplicationCommandOptionType;
  readonly name: string;
  readonly required?: boolean;
  readonly min_value?: number;
  readonly max_value?: number;
  readonly min_length?: number;
  readonly max_length?: number;
  readonly choices?: readonly { name: string; value: string | number }[];
  readonly autocomplete?: boolean;
}

/** The options declared for `subcommand` (or the command's own when it has none). */
export function declaredOptions(json: CommandJson, subcommand: string | null): readonly BasicOption[] | null {
  const options = (json.options ?? []) as readonly APIApplicationCommandOption[];
  const subs = options.filter((option) => option.type === ApplicationCommandOptionType.Subcommand);
  if (subs.length === 0) return subcommand === null ? (options as readonly BasicOption[]) : null;
  const sub = subs.find((option) => option.name === subcommand);
  if (!sub || sub.type !== ApplicationCommandOptionType.Subcommand) return null;
  return (sub.options ?? []) as readonly BasicOption[];
}

const SNOWFLAKE = /^\d{15,25}$/;
/** Typed numbers as players write them: no hex, binary, octal, exponents, `+` or spaces. */
const WHOLE_NUMBER = /^-?\d{1,20}$/;
const DECIMAL_NUMBER = /^-?\d{1,20}(\.\d{1,20})?$/;

function bad(message: string): BotError {
  return new BotError(BotErrorCodes.BAD_OPTION, message);
}

function checkOne(option: BasicOption, value: OptionValue): OptionValue {
  const label = `\`${option.name}\``;
  switch (option.type) {
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      const whole = option.type === ApplicationCommandOptionType.Integer;
      const typed = typeof value === 'string' && (whole ? WHOLE_NUMBER : DECIMAL_NUMBER).test(value);
      const number = typeof value === 'number' ? value : typed ? Number(value) : Number.NaN;
      if (!Number.isFinite(number)) throw bad(`${label} must be ${whole ? 'a whole number, such as 12' : 'a number, such as 12 or 2.5'}.`);
      if (whole && !Number.isInteger(number)) throw bad(`${label} must be a whole number.`);
      if (option.min_value !== undefined && number < option.min_value) throw bad(`${label} must be at least ${option.min_value.toLocaleString('en-US')} (you gave ${number.toLocaleString('en-US')}).`);
      if (option.max_value !== undefined && number > option.max_value) throw bad(`${label} can be at most ${option.max_value.toLocaleString('en-US')} (you gave ${number.toLocaleString('en-US')}).`);
      if (option.choices && !option.choices.some((choice) => choice.value === number)) throw bad(`${label} must be one of the offered choices.`);
      return number;
    }
    case ApplicationCommandOptionType.Boolean:
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw bad(`${label} must be true or false.`);
    case ApplicationCommandOptionType.User:
    case ApplicationCommandOptionType.Channel:
    case ApplicationCommandOptionType.Role:
    case ApplicationCommandOptionType.Mentionable:
      if (typeof value === 'string' && SNOWFLAKE.test(value)) return value;
      throw bad(`${label} must be a ${option.type === ApplicationCommandOptionType.Channel ? 'channel' : 'user'} picked from the list.`);
    default: {
      if (typeof value !== 'string') throw bad(`${label} must be text.`);
      if (CONTROL_CHARACTER.test(value)) throw bad(`${label} cannot contain control characters (such as line breaks, tabs or NUL).`);
      // Bidi overrides and zero-width characters fake what is shown around the text (a score on a leaderboard row).
      if (HIDDEN_CHARACTER.test(value)) throw bad(`${label} cannot contain invisible or direction-changing characters (such as U+202E or U+200B). Type it again without them.`);
      const text = value.trim();
      if (option.min_length !== undefined && text.length < option.min_length) throw bad(`${label} needs at least ${option.min_length} character(s).`);
      if (option.max_length !== undefined && text.length > option.max_length) throw bad(`${label} can be at most ${option.max_length} characters.`);
      if (option.choices && !option.choices.some((choice) => choice.value === text)) {
        throw bad(`${label} must be one of: ${option.choices.map((choice) => choice.name).join(', ')}.`);
      }
      return text;
    }
  }
}

/** The options, checked and normalised; throws BOT_BAD_OPTION naming the first problem. */
export function validateOptions(json: CommandJson, subcommand: string | null, given: Readonly<Record<string, OptionValue>>): Record<string, OptionValue> {
  const declared = declaredOptions(json, subcommand);
  if (!declared) throw new BotError(BotErrorCodes.UNKNOWN_COMMAND, `/${json.name} has no "${plain(subcommand ?? '')}" subcommand. Type /${json.name} to see what it offers.`);
  const checked: Record<string, OptionValue> = {};
  for (const name of Object.keys(given)) {
    if (!declared.some((option) => option.name === name)) throw bad(`/${json.name}${subcommand ? ` ${subcommand}` : ''} has no option \`${name}\`.`);
  }
  for (const option of declared) {
    const value = given[option.name];
    // Blank text counts as not given: required is checked on what is left after trimming.
    if (value === undefined || (typeof value === 'string' && value.trim() === '')) {
      if (option.required) throw bad(`\`${option.name}\` is required.`);
      continue;
    }
    checked[option.name] = checkOne(option, value);
  }
  return checked;
}

/** Typed access to checked options. */
export class Options {
  readonly #values: Readonly<Record<string, OptionValue>>;

  constructor(values: Readonly<Record<string, OptionValue>>) {
    this.#values = values;
  }

  string(name: string): string | undefined {
    const value = this.#values[name];
    return typeof value === 'string' ? value : undefined;
  }

  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined) throw bad(`\`${name}\` is required.`);
    return value;
  }

  number(name: string): number | undefined {
    const value = this.#values[name];
    return typeof value === 'number' ? value : undefined;
  }

  requiredNumber(name: string): number {
    const value = this.number(name);
    if (value === undefined) throw bad(`\`${name}\` is required.`);
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.#values[name];
    return typeof value === 'boolean' ? value : undefined;
  }
}
