// Coded realtime errors (STYLE.md 5). The same codes travel to sockets in
// refused acknowledgements and `connect_error` data, so an overlay can tell a
// bad link from an expired one without parsing text.

export const RealtimeErrorCodes = {
  BAD_ROOM: 'REALTIME_BAD_ROOM',
  BAD_REQUEST: 'REALTIME_BAD_REQUEST',
  BAD_TOKEN: 'REALTIME_BAD_TOKEN',
  TOKEN_EXPIRED: 'REALTIME_TOKEN_EXPIRED',
  TOKEN_REVOKED: 'REALTIME_TOKEN_REVOKED',
  FORBIDDEN: 'REALTIME_FORBIDDEN',
  ORIGIN_REFUSED: 'REALTIME_ORIGIN_REFUSED',
  RATE_LIMITED: 'REALTIME_RATE_LIMITED',
  TOO_MANY_ROOMS: 'REALTIME_TOO_MANY_ROOMS',
  UNKNOWN_EVENT: 'REALTIME_UNKNOWN_EVENT',
  NO_SECRET: 'REALTIME_NO_SECRET',
} as const;

export type RealtimeErrorCode = (typeof RealtimeErrorCodes)[keyof typeof RealtimeErrorCodes];

export class RealtimeError extends Error {
  readonly code: RealtimeErrorCode;
  constructor(code: RealtimeErrorCode, message: string) {
    super(message);
    this.name = 'RealtimeError';
    this.code = code;
  }
}

/** What a refused request is answered with. */
export interface Refusal {
  readonly ok: false;
  readonly code: RealtimeErrorCode;
  readonly message: string;
}

export function refusal(error: unknown): Refusal {
  if (error instanceof RealtimeError) return { ok: false, code: error.code, message: error.message };
  return { ok: false, code: RealtimeErrorCodes.BAD_REQUEST, message: 'the request could not be served' };
}
