// Bans (users and guilds) and the bot's audit log, in PostgreSQL. The router
// asks `isBanned` before anything else on every interaction, so the bans are
// held in memory and reloaded every few seconds: a ban made by another bot
// process is enforced here within that interval, one made here at once.
import type postgres from 'postgres';

export type BanSubject = 'user' | 'guild';

export interface Ban {
  readonly type: BanSubject;
  readonly id: string;
  readonly reason: string;
  readonly by: string;
  readonly at: number;
}

export interface AuditEntry {
  readonly actor: string;
  readonly guild: string | null;
  readonly action: string;
  readonly subject?: string;
  readonly details?: Record<string, unknown>;
}

const RELOAD_MS = 5_000;

export class Moderation {
  readonly #sql: postgres.Sql;
  #bans = new Map<string, Ban>();
  #timer: NodeJS.Timeout | undefined;

  constructor(sql: postgres.Sql) {
    this.#sql = sql;
  }

  async start(): Promise<void> {
    await this.reload();
    this.#timer = setInterval(() => void this.reload().catch(() => undefined), RELOAD_MS);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  async reload(): Promise<void> {
    const rows = await this.#sql<{ subject_type: BanSubject; subject_id: string; reason: string; banned_by: string; at: number }[]>`
      select subject_type, subject_id, reason, banned_by, (extract(epoch from banned_at) * 1000)::float8 as at from bot_bans`;
    this.#bans = new Map(rows.map((row) => [`${row.subject_type}:${row.subject_id}`, { type: row.subject_type, id: row.subject_id, reason: row.reason, by: row.banned_by, at: row.at }]));
  }

  /** The ban that stops this user (or their guild), if any. */
  banned(userId: string, guildId: string | null): Ban | undefined {
    return this.#bans.get(`user:${userId}`) ?? (guildId ? this.#bans.get(`guild:${guildId}`) : undefined);
  }

  /** Bans and audits in one transaction; false when the subject was already banned. */
  async ban(type: BanSubject, id: string, reason: string, by: string, guild: string | null): Promise<boolean> {
    const inserted = await this.#sql.begin(async (tx) => {
      const rows = await tx`insert into bot_bans (subject_type, subject_id, reason, banned_by) values (${type}, ${id}, ${reason}, ${by})
        on conflict do nothing returning subject_id`;
      await tx`insert into bot_audit_log (actor_user, guild, action, subject, details)
        values (${by}, ${guild}, 'ban', ${`${type}:${id}`}, ${tx.json({ reason, applied: rows.length > 0 })})`;
      return rows.length > 0;
    });
    this.#bans.set(`${type}:${id}`, { type, id, reason, by, at: Date.now() });
    return inserted;
  }

  /** Lifts a ban and audits it; false when there was none. */
  async unban(type: BanSubject, id: string, by: string, guild: string | null): Promise<boolean> {
    const removed = await this.#sql.begin(async (tx) => {
      const rows = await tx`delete from bot_bans where subject_type = ${type} and subject_id = ${id} returning subject_id`;
      await tx`insert into bot_audit_log (actor_user, guild, action, subject, details)
        values (${by}, ${guild}, 'unban', ${`${type}:${id}`}, ${tx.json({ applied: rows.length > 0 })})`;
      return rows.length > 0;
    });
    this.#bans.delete(`${type}:${id}`);
    return removed;
  }

  async audit(entry: AuditEntry): Promise<void> {
    await this.#sql`insert into bot_audit_log (actor_user, guild, action, subject, details)
      values (${entry.actor}, ${entry.guild}, ${entry.action}, ${entry.subject ?? null}, ${this.#sql.json((entry.details ?? {}) as postgres.JSONValue)})`;
  }

  async recentAudit(limit = 50): Promise<{ actor: string; guild: string | null; action: string; subject: string | null; details: Record<string, unknown> }[]> {
    return this.#sql<{ actor: string; guild: string | null; action: string; subject: string | null; details: Record<string, unknown> }[]>`
      select actor_user as actor, guild, action, subject, details from bot_audit_log order by id desc limit ${limit}`;
  }
}
