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
