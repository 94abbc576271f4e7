// Revoked overlay links (migration 007): the bot writes, every gateway reads.
import type postgres from 'postgres';

export interface OverlayRevocations {
  /** Voids every link of `nation` issued before `at` (epoch ms); a revocation never moves that moment back. */
  revoke(nation: string, at: number): Promise<void>;
  /** The moment before which each of `nations`' links are void; nations that never revoked are absent. */
  revokedBefore(nations: readonly string[]): Promise<Map<string, number>>;
}

export function createOverlayRevocations(sql: postgres.Sql): OverlayRevocations {
  return {
    async revoke(nation, at) {
      await sql`
        insert into overlay_revocations (nation, revoked_before_ms) values (${nation}, ${at})
        on conflict (nation) do update set revoked_before_ms = greatest(overlay_revocations.revoked_before_ms, excluded.revoked_before_ms)`;
    },

    async revokedBefore(nations) {
      if (nations.length === 0) return new Map();
      const rows = await sql<{ nation: string; at: string }[]>`
        select nation, revoked_before_ms::text as at from overlay_revocations where nation = any(${[...nations]}::text[])`;
      return new Map(rows.map((row) => [row.nation, Number(row.at)]));
    },
  };
}
