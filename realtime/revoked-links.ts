// Overlay links nations revoked (`/overlay revoke`), as the gateway reads them
// from PostgreSQL (storage/postgres/overlay-revocations.ts): at every private
// join, on the links page, and in the sweep of joined sockets. When PostgreSQL
// cannot be asked, nothing counts as revoked and a signed, unexpired token
// stays good, with a warning: an overlay on air should not go dark because the
// database blinked.
import type { Logger } from 'pino';
import type { OverlayRevocations } from '../storage/index.ts';
import { RealtimeError, RealtimeErrorCodes } from './errors.ts';
import type { Grant } from './tokens.ts';

export class RevokedLinks {
  readonly #source: Pick<OverlayRevocations, 'revokedBefore'>;
  readonly #logger: Logger;

  constructor(source: Pick<OverlayRevocations, 'revokedBefore'>, logger: Logger) {
    this.#source = source;
    this.#logger = logger;
  }

  /** For each of `nations` that revoked its links, the moment before which they are void. */
  async revokedBefore(nations: readonly string[]): Promise<ReadonlyMap<string, number>> {
    try {
      return await this.#source.revokedBefore(nations);
    } catch (error) {
      this.#logger.warn({ err: error }, 'cannot read overlay link revocations (PostgreSQL unreachable); private links are checked by their expiry only');
      return new Map();
    }
  }

  /** REALTIME_TOKEN_REVOKED when the grant's nation revoked the links issued before it. */
  async check(grant: Grant): Promise<void> {
    if (grant.issuedAt < ((await this.revokedBefore([grant.nation])).get(grant.nation) ?? 0)) {
      throw new RealtimeError(RealtimeErrorCodes.TOKEN_REVOKED, 'this overlay link was revoked by its nation; ask for a new one with /overlay');
    }
  }
}
