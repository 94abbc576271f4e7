// Coded errors of the ops console (STYLE.md 5). Every API error answers
// `{ ok: false, code, message }` with the HTTP status below; tests and scripts
// branch on the code.

export const OpsErrorCodes = {
  UNAUTHENTICATED: 'OPS_UNAUTHENTICATED',
  FORBIDDEN: 'OPS_FORBIDDEN',
  CSRF: 'OPS_CSRF',
  RATE_LIMITED: 'OPS_RATE_LIMITED',
  BAD_REQUEST: 'OPS_BAD_REQUEST',
  NOT_FOUND: 'OPS_NOT_FOUND',
  /** A destructive action sent without its confirmation. */
  CONFIRMATION_REQUIRED: 'OPS_CONFIRMATION_REQUIRED',
  /** The actor refused the event (game rules, version moved, schema): nothing changed. */
  REFUSED: 'OPS_REFUSED',
  /** A backing service (Redis, PostgreSQL, BullMQ) did not answer. */
  UNAVAILABLE: 'OPS_UNAVAILABLE',
  CLOSED: 'OPS_CLOSED',
} as const;

export type OpsErrorCode = (typeof OpsErrorCodes)[keyof typeof OpsErrorCodes];

const STATUS: Record<OpsErrorCode, number> = {
  OPS_UNAUTHENTICATED: 401,
  OPS_FORBIDDEN: 403,
  OPS_CSRF: 403,
  OPS_RATE_LIMITED: 429,
  OPS_BAD_REQUEST: 400,
  OPS_NOT_FOUND: 404,
  OPS_CONFIRMATION_REQUIRED: 400,
  OPS_REFUSED: 422,
  OPS_UNAVAILABLE: 503,
  OPS_CLOSED: 503,
};

export class OpsError extends Error {
  readonly code: OpsErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: OpsErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'OpsError';
    this.code = code;
    this.status = STATUS[code];
    this.details = details;
  }
}
