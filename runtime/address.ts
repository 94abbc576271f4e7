// Actor addresses are `kind:id` (e.g. `nation:123`, `election:123:4`); the
// shard of an address is a stable hash of the whole address modulo SHARDS,
// fixed for the cluster's life because keys and streams are placed by it.
import { RuntimeError, RuntimeErrorCodes } from './errors.ts';

export interface Address {
  readonly kind: string;
  readonly id: string;
}

// No control characters in an id: PostgreSQL's text and jsonb refuse U+0000,
// and a message carrying one is dead-lettered (envelope.ts).
/** C0, DEL and C1: no id or player text holds them (PostgreSQL and the runtime refuse U+0000). */
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
const addressPattern = /^([a-z][a-z0-9_-]{0,31}):([^\s{}\u0000-\u001f\u007f-\u009f]{1,200})$/;

export function parseAddress(address: string): Address {
  const match = addressPattern.exec(address);
  if (!match) {
    if (CONTROL_CHARACTER.test(address)) {
      throw new RuntimeError(RuntimeErrorCodes.BAD_ADDRESS, `${JSON.stringify(address.slice(0, 80))} is not an actor address: it contains a control character`);
    }
    throw new RuntimeError(RuntimeErrorCodes.BAD_ADDRESS, `"${address.slice(0, 80)}" is not an actor address (kind:id)`);
  }
  return { kind: match[1]!, id: match[2]! };
}

/** 32-bit FNV-1a over the UTF-16 code units; cheap, stable across processes and versions. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function shardOf(address: string, shards: number): number {
  return fnv1a(address) % shards;
}
