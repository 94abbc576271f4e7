// Redis stream replies as RESP2 delivers them through ioredis's raw `call()`
// (XREAD, XREADGROUP, XRANGE, XCLAIM), and their pure decoding into the
// ShardStore's entries.
import type { InboxEntry } from './shard-store.ts';

export type RawEntry = [id: string, fields: string[] | null];
export type RawStreams = [key: string, entries: RawEntry[]][] | null;

/** The value of field `name` in a flat [field, value, …] list. */
export function fieldValue(fields: string[] | null, name: string): string | undefined {
  if (!fields) return undefined;
  for (let i = 0; i < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

/** An inbox read over several shards' streams; `byKey` maps each stream key to its shard. */
export function inboxEntries(reply: RawStreams, byKey: ReadonlyMap<string, number>): InboxEntry[] {
  const entries: InboxEntry[] = [];
  for (const [key, rows] of reply ?? []) {
    const shard = byKey.get(key);
    if (shard === undefined) continue;
    for (const [streamId, fields] of rows) {
      // A deleted entry still pending comes back without fields; an empty body dead-letters it.
      entries.push({ shard, streamId, body: fieldValue(fields, 'm') ?? '' });
    }
  }
  return entries;
}
