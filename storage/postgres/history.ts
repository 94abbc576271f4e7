// History rows from actors' `record` effects (DESIGN §5): the write-behind
// flusher hands over each message log entry, and the records in its effects go
// into the table they name, in the same transaction as the message log.
// Inserts ignore ids already stored, so a repeated flush writes nothing twice.
import type postgres from 'postgres';

/** Tables of storage/migrations/002_history.sql; a record naming another table goes to other_records. */
export const HISTORY_TABLES = [
  'resource_transactions',
  'battles',
  'reputation_events',
  'wars',
  'elections',
  'votes',
  'trades',
  'market_sales',
  'season_results',
] as const;
export type HistoryTable = (typeof HISTORY_TABLES)[number];

interface LogEntry {
  readonly address: string;
  readonly at: number;
  readonly effects?: { readonly records?: readonly { table: string; id: string; row: Record<string, unknown> }[] };
}

type Row = Record<string, unknown> & { id: string; actor: string; at: string };

/** Groups the records of log entries (JSON text) by table; pure. */
export function historyRows(entries: readonly string[]): Map<string, Row[]> {
  const byTable = new Map<string, Row[]>();
  for (const text of entries) {
    // Most messages record nothing; only those are parsed here.
    if (!text.includes('"records":')) continue;
    const entry = JSON.parse(text) as LogEntry;
    const at = new Date(entry.at).toISOString();
    for (const record of entry.effects?.records ?? []) {
      const known = (HISTORY_TABLES as readonly string[]).includes(record.table);
      const row: Row = known
        ? { ...record.row, id: record.id, actor: entry.address, at }
        : { id: `${record.table}:${record.id}`, actor: entry.address, at, tbl: record.table, row: record.row };
      const table = known ? record.table : 'other_records';
      byTable.set(table, [...(byTable.get(table) ?? []), row]);
    }
  }
  return byTable;
}

/** Inserts the rows inside the caller's transaction; the row's keys are the table's columns. */
export async function insertHistory(tx: postgres.TransactionSql, byTable: Map<string, Row[]>): Promise<void> {
  for (const [table, rows] of byTable) {
    await tx`
      insert into ${tx(table)}
      select * from jsonb_populate_recordset(null::${tx(table)}, ${JSON.stringify(rows)}::text::jsonb)
      on conflict (id) do nothing`;
  }
}
