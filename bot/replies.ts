// Turning outcomes into what a player reads. Refusals from the game already
// carry a message written for players; runtime and bot errors are put into
// plain words here, each saying what to do next. Errors are ephemeral.
import type { APIEmbed } from 'discord.js';
import { RuntimeErrorCodes } from '../runtime/index.ts';
import { Colors } from './embeds.ts';
import { BotError, BotErrorCodes } from './errors.ts';
import type { Reply } from './types.ts';

export function errorReply(text: string): Reply {
  return { content: `⚠️ ${text}`, ephemeral: true };
}

export function infoReply(text: string, ephemeral = false): Reply {
  return { content: text, ephemeral };
}

export function embedReply(embed: APIEmbed, extra: Omit<Reply, 'embeds'> = {}): Reply {
  return { ...extra, embeds: [embed] };
}

export function successEmbed(title: string, description: string): APIEmbed {
  return { title, description, color: Colors.success };
}

export const TIMEOUT_TEXT =
  'The game did not answer in time. Your command may still go through — check with /nation info in a minute before trying again.';

/** A refusal `{ ok: false, code, message }` from an actor, in plain words. */
export function refusalText(code: string, message: string): string {
  switch (code) {
    case RuntimeErrorCodes.INVALID_EVENT:
      return `That value is not accepted (${message.replace(/^"[^"]*":\s*/, '')}). Check the command's options and try again.`;
    case RuntimeErrorCodes.UNKNOWN_ACTOR:
      return 'That does not exist (any more). Pick one from the suggestions, or check /war list, /alliance list or /market list.';
    case RuntimeErrorCodes.UNKNOWN_EVENT:
      return 'The game does not understand that command right now. Please tell the server admins.';
    case RuntimeErrorCodes.TRANSITION_FAILED:
    case RuntimeErrorCodes.POISON:
      return 'Something went wrong in the game while handling that. Nothing was changed; try again later.';
    default:
      return message;
  }
}

/** Any error thrown while handling an interaction, as an ephemeral reply. */
export function errorToReply(error: unknown): Reply {
  if (error instanceof BotError) return errorReply(error.playerMessage);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === RuntimeErrorCodes.TIMEOUT || code === BotErrorCodes.TIMEOUT) return errorReply(TIMEOUT_TEXT);
  if (code === RuntimeErrorCodes.STOPPED) return errorReply('The bot is restarting. Try again in a few seconds.');
  return errorReply('Something went wrong on our side. Nothing was changed; try again in a moment.');
}
