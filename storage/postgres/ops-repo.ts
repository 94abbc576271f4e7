// The ops console's SQL (storage/migrations/004_audit_log.sql and reads of
// the game's tables): the audit log, finding actors by kind, id or name, and
// the game metrics it charts. All of it lives here, none in ops/.
import type postgres from 'postgres';

export interface AuditEntry {
  readonly operator: string;
  readonly role: string;
  readonly action: string;
  readonly target: string;
  readonly request?: unknown;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly outcome: 'ok' | 'refused' | 'failed';
  readonly detail?: string;
}

export interface AuditRow extends AuditEntry {
  readonly id: number;
  /** Epoch ms. */
  readonly at: number;
}

export interface ActorMatch {
  readonly address: string;
  readonly kind: string;
  readonly version: number;
  /** The state value (a string, or an object for nested states). */
  readonly value: unknown;
  readonly name: string | null;
  /** Epoch ms of the last write-behind. */
  readonly updatedAt: number;
}

export interface GameFigures {
  readonly activeNations: number;
  readonly nations: number;
  readonly dailyActivePlayers: number;
  readonly warsPerDay: number;
  readonly alliancesPerDay: number;
  /** Resource → amount generated in the last 24 h. */
  readonly resourcesGenerated: Readonly<Record<string, number>>;
}

export interface OpsRepo {
  ping(): Promise<void>;
  /** Resolves to the new row's id. */
  audit(entry: AuditEntry): Promise<number>;
  auditLog(options?: { target?: string; limit?: number; before?: number }): Promise<AuditRow[]>;
  /** Actors whose address or display name contains `query` (any case), newest first. */
  findActors(options: { kind?: string; query?: string; limit?: number }): Promise<ActorMatch[]>;
  /** Figures of the last 24 h up to `now` (epoch ms, the runtime's clock). */
  gameFigures(now: number): Promise<GameFigures>;
  /** Records a console session as logged out until `expires` (epoch ms); forgets those past their expiry. */
  endSession(sid: string, expires: number): Promise<void>;
  /** True when the session was logged out. */
  sessionEnded(sid: string): Promise<boolean>;
}

type StoredAudit = {
  id: string;
  at: number;
  operator: string;
  role: string;
  action: string;
  target: string;
  request: unknown;
  before: unknown;
  after: unknown;
  outcome: AuditEntry['outcome'];
  detail: string | null;
};

const json = (sql: postgres.Sql, value: unknown) => (value === undefined ? null : sql.json(value as postgres.JSONValue));

export function createOpsRepo(sql: postgres.Sql): OpsRepo {
  return {
    async ping() {
      await sql`select 1`;
    },

    async endSession(sid, expires) {
      await sql.begin(async (tx) => {
        await tx`insert into ops_logouts (sid, expires) values (${sid}, to_timestamp(${expires} / 1000.0)) on conflict (sid) do nothing`;
        await tx`delete from ops_logouts where expires < now()`;
      });
    },

    async sessionEnded(sid) {
      const rows = await sql`select 1 from ops_logouts where sid = ${sid}`;
      return rows.length > 0;
    },

    async audit(entry) {
      const [row] = await sql<{ id: string }[]>`
        insert into audit_log (operator, role, action, target, request, before, after, outcome, detail)
        values (${entry.operator}, ${entry.role}, ${entry.action}, ${entry.target}, ${json(sql, entry.request)},
                ${json(sql, entry.before)}, ${json(sql, entry.after)}, ${entry.outcome}, ${entry.detail ?? null})
        returning id`;
      return Number(row!.id);
    },

    async auditLog(options = {}) {
      const limit = Math.min(Math.max(1, options.limit ?? 100), 1000);
      const target = options.target === undefined ? sql`` : sql`and target = ${options.target}`;
      const before = options.before === undefined ? sql`` : sql`and id < ${options.before}`;
      const rows = await sql<StoredAudit[]>`
        select id, floor(extract(epoch from at) * 1000)::float8 as at, operator, role, action, target,
               request, before, after, outcome, detail
        from audit_log where true ${target} ${before}
        order by id desc limit ${limit}`;
      return rows.map((row) => ({
        id: Number(row.id),
        at: row.at,
        operator: row.operator,
        role: row.role,
        action: row.action,
        target: row.target,
        request: row.request ?? undefined,
        before: row.before ?? undefined,
        after: row.after ?? undefined,
        outcome: row.outcome,
        ...(row.detail === null ? {} : { detail: row.detail }),
      }));
    },

    async findActors(options) {
      const limit = Math.min(Math.max(1, options.limit ?? 50), 500);
      const kind = options.kind ? sql`and kind = ${options.kind}` : sql``;
      // LIKE's own wildcards in the query are matched literally.
      const pattern = `%${(options.query ?? '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const rows = await sql<{ address: string; kind: string; version: string; value: unknown; name: string | null; updated_at: number }[]>`
        select address, kind, version, state->'snapshot'->'value' as value, state->'snapshot'->'context'->>'name' as name,
               floor(extract(epoch from updated_at) * 1000)::float8 as updated_at
        from actor_state
        where (address ilike ${pattern} or coalesce(state->'snapshot'->'context'->>'name', '') ilike ${pattern}) ${kind}
        order by updated_at desc, address limit ${limit}`;
      return rows.map((row) => ({ address: row.address, kind: row.kind, version: Number(row.version), value: row.value, name: row.name, updatedAt: row.updated_at }));
    },

    async gameFigures(now) {
      const since = new Date(now - 24 * 3600_000);
      const [nations] = await sql<{ active: string; total: string }[]>`
        select count(*) filter (where state->'snapshot'->>'value' = 'active') as active,
               count(*) filter (where state->'snapshot'->>'value' <> 'unregistered') as total
        from actor_state where kind = 'nation'`;
      const [activity] = await sql<{ players: string; wars: string; alliances: string }[]>`
        select count(distinct message->'event'->>'by') filter (where address like 'nation:%') as players,
               count(*) filter (where address like 'war:%' and version = 1) as wars,
               count(*) filter (where address like 'alliance:%' and version = 1) as alliances
        from actor_messages where at >= ${since}`;
      const generated = await sql<{ resource: string; total: string }[]>`
        select resource, sum(delta) as total from resource_transactions
        where reason = 'generation' and at >= ${since} group by resource`;
      return {
        activeNations: Number(nations?.active ?? 0),
        nations: Number(nations?.total ?? 0),
        dailyActivePlayers: Number(activity?.players ?? 0),
        warsPerDay: Number(activity?.wars ?? 0),
        alliancesPerDay: Number(activity?.alliances ?? 0),
        resourcesGenerated: Object.fromEntries(generated.map((row) => [row.resource, Number(row.total)])),
      };
    },
  };
}
