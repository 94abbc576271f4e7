// The game's error codes (STYLE.md 5): what a player, the bot or a test can
// branch on. Messages are written for players and say what to do next.
import type { ReplyParams } from '../../runtime/effects.ts';

export const GameErrorCodes = {
  /** The nation (or other actor) the command needs has not been created. */
  NOT_REGISTERED: 'GAME_NOT_REGISTERED',
  ALREADY_REGISTERED: 'GAME_ALREADY_REGISTERED',
  NOT_LEADER: 'GAME_NOT_LEADER',
  NOT_CITIZEN: 'GAME_NOT_CITIZEN',
  ALREADY_CITIZEN: 'GAME_ALREADY_CITIZEN',
  FEATURE_DISABLED: 'GAME_FEATURE_DISABLED',
  ON_COOLDOWN: 'GAME_ON_COOLDOWN',
  INSUFFICIENT_RESOURCES: 'GAME_INSUFFICIENT_RESOURCES',
  /** A number or choice outside what the rules allow (the schema let it through). */
  OUT_OF_RANGE: 'GAME_OUT_OF_RANGE',
  LIMIT_REACHED: 'GAME_LIMIT_REACHED',
  /** The target of a command is the nation itself. */
  SELF_TARGET: 'GAME_SELF_TARGET',
  /** War on an ally. */
  ALLY_TARGET: 'GAME_ALLY_TARGET',
  /** The command does not fit the actor's current phase (vote before voting opens, …). */
  WRONG_PHASE: 'GAME_WRONG_PHASE',
  NOT_PARTICIPANT: 'GAME_NOT_PARTICIPANT',
  ALREADY_VOTED: 'GAME_ALREADY_VOTED',
  NOT_CANDIDATE: 'GAME_NOT_CANDIDATE',
  ALREADY_NOMINATED: 'GAME_ALREADY_NOMINATED',
  UNKNOWN_TARGET: 'GAME_UNKNOWN_TARGET',
  /** An actor-to-actor event from a sender that may not send it (or from a client). */
  FORBIDDEN_SENDER: 'GAME_FORBIDDEN_SENDER',
} as const;

export type GameErrorCode = (typeof GameErrorCodes)[keyof typeof GameErrorCodes];

/** The `reply` action params of a refusal; the runtime keeps nothing of a refused event. */
export function refusal(code: GameErrorCode, message: string, details?: Record<string, unknown>): ReplyParams {
  return details ? { ok: false, code, message, details } : { ok: false, code, message };
}
