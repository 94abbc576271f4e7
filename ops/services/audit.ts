// Every admin action goes through here: the audit log must be reachable
// before anything is changed (no change without its record), and the record
// is written with the outcome and the state before and after.
import type { Logger } from 'pino';
import type { AuditEntry, OpsRepo } from '../../storage/index.ts';
import type { Operator } from '../auth/operators.ts';
import { OpsError, OpsErrorCodes } from '../errors.ts';

export type AuditDraft = Omit<AuditEntry, 'operator' | 'role'>;

export class Auditor {
  readonly #repo: OpsRepo;
  readonly #logger: Logger;

  constructor(repo: OpsRepo, logger: Logger) {
    this.#repo = repo;
    this.#logger = logger;
  }

  /** Throws OPS_UNAVAILABLE when the audit log cannot be written: the action must not happen. */
  async ready(): Promise<void> {
    try {
      await this.#repo.ping();
    } catch (error) {
      throw new OpsError(OpsErrorCodes.UNAVAILABLE, `the audit log (PostgreSQL) is unreachable, so nothing was changed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async write(operator: Operator, entry: AuditDraft): Promise<number | null> {
    try {
      return await this.#repo.audit({ ...entry, operator: operator.name, role: operator.role });
    } catch (error) {
      // The action already happened; losing its record is an incident of its own.
      this.#logger.error({ err: error, operator: operator.name, action: entry.action, target: entry.target, outcome: entry.outcome }, 'AUDIT RECORD LOST');
      return null;
    }
  }
}
