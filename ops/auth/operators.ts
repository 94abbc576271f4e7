// Who may use the console: the operators of OPS_TOKENS (`name:role:token`).
// A token is looked up in constant time per entry; sessions are signed
// cookies keyed by the operator's own token, so every ops process accepts
// the same sessions without shared state, and changing or removing a token
// ends that operator's sessions at once. Logging out ends one session: the
// one piece of shared state, in PostgreSQL (logouts.ts).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type OpsRole = 'viewer' | 'admin';

export interface Operator {
  readonly name: string;
  readonly role: OpsRole;
}

interface Entry extends Operator {
  readonly token: string;
}

export interface Session extends Operator {
  /** Session id: what the CSRF token is derived from. */
  readonly sid: string;
  /** Epoch ms. */
  readonly expires: number;
}

/** Admins may do everything a viewer may. */
export function allows(role: OpsRole, needed: OpsRole): boolean {
  return needed === 'viewer' || role === 'admin';
}

const b64 = (buffer: Buffer): string => buffer.toString('base64url');

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  // Compared at equal length so the time taken says nothing about where they differ.
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

export class Operators {
  readonly #entries: readonly Entry[];
  readonly #ttlMs: number;

  constructor(entries: readonly Entry[], options: { sessionTtlMs?: number } = {}) {
    this.#entries = entries;
    this.#ttlMs = options.sessionTtlMs ?? 12 * 3600_000;
  }

  get configured(): boolean {
    return this.#entries.length > 0;
  }

  /** The operator a bearer token or login token belongs to; every entry is compared. */
  byToken(token: string): Operator | null {
    let found: Entry | null = null;
    for (const entry of this.#entries) if (sameText(entry.token, token) && !found) found = entry;
    return found && { name: found.name, role: found.role };
  }

  #key(name: string): Entry | undefined {
    return this.#entries.find((entry) => entry.name === name);
  }

  #sign(entry: Entry, text: string): string {
    return b64(createHmac('sha256', entry.token).update(text).digest());
  }

  /** A new session for an operator, as the cookie value. */
  openSession(operator: Operator, now: number): { cookie: string; session: Session } {
    const entry = this.#key(operator.name);
    if (!entry) throw new Error(`no operator ${operator.name}`);
    const session: Session = { name: entry.name, role: entry.role, sid: b64(randomBytes(16)), expires: now + this.#ttlMs };
    const payload = b64(Buffer.from(JSON.stringify({ n: session.name, r: session.role, s: session.sid, e: session.expires })));
    return { cookie: `v1.${payload}.${this.#sign(entry, `session:${payload}`)}`, session };
  }

  /** The session a cookie value stands for, or null (forged, expired, or its operator's token or role changed). */
  session(cookie: string, now: number): Session | null {
    const [version, payload, signature] = cookie.split('.');
    if (version !== 'v1' || !payload || !signature) return null;
    let claims: { n?: unknown; r?: unknown; s?: unknown; e?: unknown };
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
    } catch {
      return null;
    }
    if (typeof claims.n !== 'string' || typeof claims.s !== 'string' || typeof claims.e !== 'number') return null;
    const entry = this.#key(claims.n);
    if (!entry || !sameText(this.#sign(entry, `session:${payload}`), signature)) return null;
    if (claims.r !== entry.role || claims.e <= now) return null;
    return { name: entry.name, role: entry.role, sid: claims.s, expires: claims.e };
  }

  /** The CSRF token of a session: sent back by the page in a header with every change. */
  csrfToken(session: Session): string {
    const entry = this.#key(session.name);
    if (!entry) throw new Error(`no operator ${session.name}`);
    return this.#sign(entry, `csrf:${session.sid}`);
  }

  checkCsrf(session: Session, token: string | undefined): boolean {
    return token !== undefined && sameText(this.csrfToken(session), token);
  }
}
