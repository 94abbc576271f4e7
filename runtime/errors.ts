// Coded runtime errors (STYLE.md 5). Callers and tests branch on `.code`.
// The same codes travel in error replies, so a bot can tell a player what
// went wrong without parsing text.

export const RuntimeErrorCodes = {
  BAD_ADDRESS: 'RUNTIME_BAD_ADDRESS',
  UNKNOWN_KIND: 'RUNTIME_UNKNOWN_KIND',
  UNKNOWN_ACTOR: 'RUNTIME_UNKNOWN_ACTOR',
  UNKNOWN_EVENT: 'RUNTIME_UNKNOWN_EVENT',
  INVALID_EVENT: 'RUNTIME_INVALID_EVENT',
  MALFORMED_MESSAGE: 'RUNTIME_MALFORMED_MESSAGE',
  MESSAGE_TOO_LARGE: 'RUNTIME_MESSAGE_TOO_LARGE',
  TRANSITION_FAILED: 'RUNTIME_TRANSITION_FAILED',
  POISON: 'RUNTIME_POISON_MESSAGE',
  TIMEOUT: 'RUNTIME_TIMEOUT',
  FENCED: 'RUNTIME_FENCED',
  STOPPED: 'RUNTIME_STOPPED',
  /** A message based on an actor version (`expect`) reached the actor after it moved on: resend from the new version. */
  VERSION_MOVED: 'RUNTIME_VERSION_MOVED',
  /** A timer fired by hand (ops) is no longer pending: it fired, was cancelled or re-armed. */
  STALE_TIMER: 'RUNTIME_STALE_TIMER',
  /** The message log does not reach back to the actor's first message (retention) or has a hole. */
  REPLAY_GAP: 'RUNTIME_REPLAY_GAP',
  /** Replaying a logged message did not give the version or outcome the log says it gave. */
  REPLAY_DIVERGED: 'RUNTIME_REPLAY_DIVERGED',
  /** Leaderboard API (runtime/leaderboard-api.ts): no board of that name. */
  UNKNOWN_BOARD: 'RUNTIME_UNKNOWN_BOARD',
  /** Leaderboard API: `limit` is not a whole number from 1 to 100. */
  BAD_LIMIT: 'RUNTIME_BAD_LIMIT',
  /** Leaderboard API: `offset` is not a whole number from 0 to 1,000,000. */
  BAD_OFFSET: 'RUNTIME_BAD_OFFSET',
  /** Leaderboard API: a member that is not a nation address (nation:<id>). */
  BAD_MEMBER: 'RUNTIME_BAD_MEMBER',
  /** Leaderboard API: the member is not on the board (never ranked, or inactive). */
  NOT_RANKED: 'RUNTIME_NOT_RANKED',
  /** Leaderboard API: no such route, or a method other than GET/HEAD. */
  NOT_FOUND: 'RUNTIME_NOT_FOUND',
  METHOD_NOT_ALLOWED: 'RUNTIME_METHOD_NOT_ALLOWED',
} as const;

export type RuntimeErrorCode = (typeof RuntimeErrorCodes)[keyof typeof RuntimeErrorCodes];

export class RuntimeError extends Error {
  readonly code: RuntimeErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: RuntimeErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'RuntimeError';
    this.code = code;
    this.details = details;
  }
}
