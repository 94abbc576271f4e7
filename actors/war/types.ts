// The events a war machine sees: the wire events of events.ts plus the
// runtime's meta, and the effect actions the war's helpers hand the machine.
import type { z } from 'zod';
import type { EmitParams, EventMeta, NotifyParams, RecordParams, SendParams } from '../../runtime/effects.ts';
import type { warEvents } from './events.ts';

type Wire = { [K in keyof typeof warEvents]: { type: K } & z.output<(typeof warEvents)[K]> }[keyof typeof warEvents];

export type WarEvent = EventMeta & Wire;

/** One effect action, as `enqueue` takes it. */
export type Effect =
  | { readonly type: 'send'; readonly params: SendParams }
  | { readonly type: 'emit'; readonly params: EmitParams }
  | { readonly type: 'notify'; readonly params: NotifyParams }
  | { readonly type: 'record'; readonly params: RecordParams };
