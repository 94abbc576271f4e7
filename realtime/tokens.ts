// Signed, expiring tokens for private rooms: `<payload>.<signature>`, both
// base64url; the payload is `{ n: <nation address>, exp: <epoch ms>, iat:
// <epoch ms> }` and the signature HMAC-SHA256 over the payload text with the
// gateway secret. A token grants that nation's room until it expires; it is
// checked at the handshake and again on every join (and a socket is taken out
// of the room when it runs out), so a leaked link stops working at its expiry,
// or sooner when the nation revokes the links issued before a moment
// (overlay-revocations.ts).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { RealtimeError, RealtimeErrorCodes } from './errors.ts';

export interface Grant {
  /** Nation address, e.g. nation:123. */
  readonly nation: string;
  /** Expiry, epoch ms. */
  readonly expiresAt: number;
  /** Issue time, epoch ms (0 for a token from before issue times were signed in). */
  readonly issuedAt: number;
}

const MAX_TOKEN_LENGTH = 512;

const sign = (secret: string, payload: string): Buffer => createHmac('sha256', secret).update(payload).digest();

/** A secret for one process when none is configured (private links then die with the process). */
export function ephemeralSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function signToken(secret: string, grant: Grant): string {
  const payload = Buffer.from(JSON.stringify({ n: grant.nation, exp: grant.expiresAt, iat: grant.issuedAt })).toString('base64url');
  return `${payload}.${sign(secret, payload).toString('base64url')}`;
}

/** Pure but for the HMAC: the grant a token carries, or REALTIME_BAD_TOKEN / REALTIME_TOKEN_EXPIRED. */
export function verifyToken(secret: string, token: unknown, now: number): Grant {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    throw new RealtimeError(RealtimeErrorCodes.BAD_TOKEN, 'this link has no valid access token; ask for a new one with /overlay');
  }
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) {
    throw new RealtimeError(RealtimeErrorCodes.BAD_TOKEN, 'the access token is malformed; ask for a new link with /overlay');
  }
  const expected = sign(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new RealtimeError(RealtimeErrorCodes.BAD_TOKEN, 'the access token was not issued by this game; ask for a new link with /overlay');
  }
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new RealtimeError(RealtimeErrorCodes.BAD_TOKEN, 'the access token is malformed; ask for a new link with /overlay');
  }
  const { n, exp, iat } = (claims ?? {}) as { n?: unknown; exp?: unknown; iat?: unknown };
  if (typeof n !== 'string' || typeof exp !== 'number' || (iat !== undefined && typeof iat !== 'number')) {
    throw new RealtimeError(RealtimeErrorCodes.BAD_TOKEN, 'the access token is malformed; ask for a new link with /overlay');
  }
  if (exp <= now) throw new RealtimeError(RealtimeErrorCodes.TOKEN_EXPIRED, 'this overlay link has expired; ask for a new one with /overlay');
  return { nation: n, expiresAt: exp, issuedAt: typeof iat === 'number' ? iat : 0 };
}
