// Helpers of the shard store contract (tests/contract/shard-store.ts and
// shard-store-streams.ts).
import { performance } from 'node:perf_hooks';
import * as assert from 'uvu/assert';
import { StorageError } from '../../storage/errors.ts';
import type { CommitStep, InboxEntry, ShardStore, StreamEntry } from '../../storage/shard-store.ts';

export interface OpenedShardStore {
  readonly store: ShardStore;
  /** Removes everything the store wrote and closes it. */
  cleanup(): Promise<void>;
  /** Prefix for names of streams outside the shards, so cleanup finds them (default ''). */
  readonly streamPrefix?: string;
}

/** Registers one contract test: `body` gets a fresh, empty store. */
export type ContractTest = (title: string, body: (store: ShardStore, opened: OpenedShardStore) => Promise<void>) => void;

export const BLOCK_MS = 60;
export const LEASE_MS = 30_000;

/** A step that changes nothing but its message's de-duplication record; `fields` fill in the rest. */
export function step(messageId: string, fields: Partial<CommitStep> = {}): CommitStep {
  return {
    streamId: '', messageId, address: '', expectedVersion: 0, version: 0, state: '', dedupValue: '',
    outbox: [], events: [], log: '', dead: '', ...fields,
  };
}

export const bodies = (entries: readonly StreamEntry[]): string[] => entries.map((entry) => entry.body);
export const delivered = (entries: readonly InboxEntry[]) => entries.map(({ shard, body }) => ({ shard, body }));

export async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

/** The code of the StorageError `run` throws ('' when it throws nothing). */
export async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return '';
  } catch (error) {
    assert.instance(error, StorageError);
    return (error as StorageError).code;
  }
}

/** Appends one inbox entry per body to shard 1, delivers them to `node`, and returns their stream ids. */
export async function deliver(store: ShardStore, node: string, ...messages: string[]): Promise<string[]> {
  await store.ensureGroups([1]);
  await store.append(1, messages);
  const entries = await store.read([1], node, messages.length, BLOCK_MS);
  assert.equal(entries.map((entry) => entry.body), messages);
  return entries.map((entry) => entry.streamId);
}
