// Coded errors of the bot (STYLE.md 5). Tests and callers branch on `.code`;
// what a player reads is written separately, in plain words (bot/replies.ts).

export const BotErrorCodes = {
  /** An option is missing, of the wrong type or out of its range. */
  BAD_OPTION: 'BOT_BAD_OPTION',
  UNKNOWN_COMMAND: 'BOT_UNKNOWN_COMMAND',
  /** A button whose id this bot cannot read, or whose confirmation ran out. */
  BAD_BUTTON: 'BOT_BAD_BUTTON',
  BUTTON_EXPIRED: 'BOT_BUTTON_EXPIRED',
  NOT_ALLOWED: 'BOT_NOT_ALLOWED',
  BANNED: 'BOT_BANNED',
  RATE_LIMITED: 'BOT_RATE_LIMITED',
  /** The command needs a server (guild) and was run in a DM. */
  GUILD_ONLY: 'BOT_GUILD_ONLY',
  /** The game did not answer within the request timeout. */
  TIMEOUT: 'BOT_TIMEOUT',
  /** Configuration the bot needs is missing (e.g. DISCORD_TOKEN for deploy-commands). */
  NOT_CONFIGURED: 'BOT_NOT_CONFIGURED',
  /** DISCORD_SHARDS names a gateway shard the shard count does not reach. */
  BAD_SHARDS: 'BOT_BAD_SHARDS',
  /** A command definition breaks one of Discord's limits. */
  COMMAND_LIMIT: 'BOT_COMMAND_LIMIT',
} as const;

export type BotErrorCode = (typeof BotErrorCodes)[keyof typeof BotErrorCodes];

export class BotError extends Error {
  readonly code: BotErrorCode;
  /** What the player is told (plain words, with what to do next). */
  readonly playerMessage: string;

  constructor(code: BotErrorCode, playerMessage: string, message = playerMessage) {
    super(message);
    this.name = 'BotError';
    this.code = code;
    this.playerMessage = playerMessage;
  }
}
