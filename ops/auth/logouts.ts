// Sessions ended by logging out. A session cookie is signed, not stored
// (operators.ts), so clearing it from the browser would leave any copy of it
// valid until it expires; instead a logged-out session id is written to
// PostgreSQL, which every ops process reads before it accepts a cookie.
import type { Logger } from 'pino';
import type { OpsRepo } from '../../storage/index.ts';
import type { Session } from './operators.ts';

export class Logouts {
  readonly #repo: Pick<OpsRepo, 'endSession' | 'sessionEnded'>;
  readonly #logger: Logger;
  /** Logged-out sessions this process has seen, by id, with their expiry: refused even while PostgreSQL is away. */
  readonly #known = new Map<string, number>();

  constructor(repo: Pick<OpsRepo, 'endSession' | 'sessionEnded'>, logger: Logger) {
    this.#repo = repo;
    this.#logger = logger;
  }

  /** Ends the session for every ops process; rejects when PostgreSQL could not record it (this process refuses it all the same). */
  async end(session: Session): Promise<void> {
    this.#known.set(session.sid, session.expires);
    await this.#repo.endSession(session.sid, session.expires);
  }

  /**
   * True when the session was logged out. When PostgreSQL cannot be asked the
   * session is accepted, with a warning: the console is what an operator
   * diagnoses that outage with, and a logged-out cookie is still its own
   * operator's, signed with their token.
   */
  async ended(session: Session, now: number): Promise<boolean> {
    for (const [sid, expires] of this.#known) if (expires <= now) this.#known.delete(sid);
    if (this.#known.has(session.sid)) return true;
    try {
      const ended = await this.#repo.sessionEnded(session.sid);
      if (ended) this.#known.set(session.sid, session.expires);
      return ended;
    } catch (error) {
      this.#logger.warn({ err: error, operator: session.name }, 'cannot tell whether this console session was logged out (PostgreSQL unreachable); accepting it');
      return false;
    }
  }
}
