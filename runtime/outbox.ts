// Entries of a shard's outbox: what a committed step still has to hand on.
// The relay carries them out at least once; each kind is harmless to repeat
// (receivers de-duplicate messages, timer job ids are idempotent,
// notifications carry their own id). Replies need no outbox: they are kept
// with the message's de-duplication record (runtime/shard-batch.ts).

export type OutboxEntry =
  | { readonly t: 'msg'; readonly shard: number; readonly body: string }
  | { readonly t: 'arm'; readonly jobId: string; readonly shard: number; readonly body: string; readonly due: number }
  | { readonly t: 'cancel'; readonly jobId: string }
  | { readonly t: 'notify'; readonly body: string };

export function encodeOutbox(entry: OutboxEntry): string {
  return JSON.stringify(entry);
}

export function decodeOutbox(body: string): OutboxEntry | null {
  try {
    const entry = JSON.parse(body) as OutboxEntry;
    return typeof entry === 'object' && entry !== null && typeof entry.t === 'string' ? entry : null;
  } catch {
    return null;
  }
}

/** A reply as it travels on a reply stream. */
export interface ReplyEnvelope {
  readonly corr: string;
  readonly body: unknown;
}
