// Reading the runtime's meta fields (EventMeta) in guards and actions.
import type { EventMeta } from '../../runtime/effects.ts';

/** True when the event was sent by an actor of `kind` (never by a client or a forged field). */
export function sentBy(event: Partial<EventMeta>, kind: string): boolean {
  return typeof event.from === 'string' && event.from.startsWith(`${kind}:`);
}

/** The id part of an address: `nation:123` → `123`. */
export function idOf(address: string): string {
  return address.slice(address.indexOf(':') + 1);
}
