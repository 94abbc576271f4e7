// Who is asking, and may they: a bearer token (scripts; no cookie, so no
// CSRF) or the session cookie (people; every change must carry the session's
// CSRF token and come from this origin). Failed tokens count towards the
// same per-address limit as failed logins.
import type { IncomingMessage } from 'node:http';
import { SESSION_COOKIE, readCookie } from '../auth/cookies.ts';
import { allows, type Operator, type Operators, type OpsRole, type Session } from '../auth/operators.ts';
import type { Logouts } from '../auth/logouts.ts';
import type { FailureLimiter } from '../auth/rate-limit.ts';
import { OpsError, OpsErrorCodes } from '../errors.ts';
import { clientAddress } from './respond.ts';

export interface Caller extends Operator {
  readonly via: 'bearer' | 'cookie';
  /** Cookie callers only. */
  readonly session?: Session;
}

export interface GateOptions {
  readonly operators: Operators;
  readonly limiter: FailureLimiter;
  readonly logouts: Logouts;
  readonly now: () => number;
}

function limited(options: GateOptions, request: IncomingMessage): void {
  const wait = options.limiter.retryAfterMs(clientAddress(request), options.now());
  if (wait > 0) throw new OpsError(OpsErrorCodes.RATE_LIMITED, `too many failed attempts; try again in ${Math.ceil(wait / 1000)} s`, { retryAfterSeconds: Math.ceil(wait / 1000) });
}

/** The caller, or OPS_UNAUTHENTICATED / OPS_RATE_LIMITED. */
export async function authenticate(options: GateOptions, request: IncomingMessage): Promise<Caller> {
  if (!options.operators.configured) throw new OpsError(OpsErrorCodes.CLOSED, 'the ops console is closed: OPS_TOKENS is not set');
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    limited(options, request);
    const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    const operator = token ? options.operators.byToken(token) : null;
    if (!operator) {
      options.limiter.fail(clientAddress(request), options.now());
      throw new OpsError(OpsErrorCodes.UNAUTHENTICATED, 'the bearer token is not one of OPS_TOKENS');
    }
    return { ...operator, via: 'bearer' };
  }
  const cookie = readCookie(request, SESSION_COOKIE);
  const session = cookie ? options.operators.session(cookie, options.now()) : null;
  if (!session) throw new OpsError(OpsErrorCodes.UNAUTHENTICATED, cookie ? 'the session has expired or is no longer valid; log in again' : 'log in first, or send Authorization: Bearer <token>');
  if (await options.logouts.ended(session, options.now())) throw new OpsError(OpsErrorCodes.UNAUTHENTICATED, 'this session was logged out; log in again');
  return { name: session.name, role: session.role, via: 'cookie', session };
}

/** OPS_FORBIDDEN unless the caller's role allows `needed`. */
export function authorize(caller: Caller, needed: OpsRole): void {
  if (!allows(caller.role, needed)) throw new OpsError(OpsErrorCodes.FORBIDDEN, `${caller.name} is a ${caller.role}; this needs the ${needed} role`);
}

/** A change made with a cookie session must carry its CSRF token and come from this origin. */
export function checkChange(options: GateOptions, caller: Caller, request: IncomingMessage): void {
  if (caller.via === 'bearer') return;
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      host = undefined;
    }
    if (host !== request.headers.host) throw new OpsError(OpsErrorCodes.CSRF, `a change from another origin (${origin}) is refused`);
  }
  const header = request.headers['x-csrf-token'];
  const token = Array.isArray(header) ? header[0] : header;
  if (!caller.session || !options.operators.checkCsrf(caller.session, token)) {
    throw new OpsError(OpsErrorCodes.CSRF, 'this change needs the session\'s CSRF token in the X-CSRF-Token header (reload the page)');
  }
}
