// Drives the nation kind through runtime/step.ts exactly as the runtime does.
// Not a test file itself (no `.test.ts`): the nation-*.test.ts files share it.
import type { EventObject } from 'xstate';
import type { Features, Timers } from '../../../config/index.ts';
import { createNationKind } from '../../../actors/nation/index.ts';
import type { NationContext } from '../../../actors/nation/context.ts';
import { step, type ActorRecord, type Applied, type StepResult } from '../../../runtime/step.ts';
import { shippedRules } from '../../support/game-rules.ts';

export const GUILD = '100';
export const ADDRESS = `nation:${GUILD}`;
export const LEADER = '1';
export const CITIZEN = '2';
export const STRANGER = '3';
export const T0 = 1_700_000_000_000;
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** An applied step whose reply fields the tests read by name. */
export type Done = Omit<Applied, 'reply'> & { readonly reply: Readonly<Record<string, unknown>> };

export class Nation {
  readonly kind;
  version = 0;
  record: ActorRecord | null = null;
  #n = 0;

  constructor(overrides: { features?: Partial<Features>; timers?: Partial<Timers> } = {}) {
    this.kind = createNationKind(shippedRules(overrides));
  }

  get context(): NationContext {
    return this.record!.snapshot.context as NationContext;
  }

  get state(): unknown {
    return this.record!.snapshot.value;
  }

  /** Applies an event; returns the raw step result (applied, refused or stale). */
  try(event: EventObject & Record<string, unknown>, at: number, from?: string, id?: string): StepResult {
    this.#n += 1;
    const result = step({
      kind: this.kind,
      id: GUILD,
      version: this.version,
      record: this.record,
      at,
      envelope: { id: id ?? `m${this.#n}`, to: ADDRESS, event, ...(from ? { from } : {}) },
    });
    if (result.outcome === 'applied') {
      this.version = result.version;
      this.record = result.record;
    }
    return result;
  }

  /** Applies an event that must succeed. */
  ok(event: EventObject & Record<string, unknown>, at: number, from?: string, id?: string): Done {
    const result = this.try(event, at, from, id);
    if (result.outcome !== 'applied') throw new Error(`${event.type} was ${result.outcome}: ${JSON.stringify(result)}`);
    return result as Done;
  }

  /** Applies an event that must be refused; returns its code. */
  refused(event: EventObject & Record<string, unknown>, at: number, from?: string): string {
    const before = JSON.stringify(this.record);
    const result = this.try(event, at, from);
    if (result.outcome !== 'refused') throw new Error(`${event.type} was ${result.outcome}, expected a refusal`);
    if (JSON.stringify(this.record) !== before) throw new Error('a refused event changed the record');
    return result.reply.code;
  }

  /** The leader accepts an invitation to `alliance`, and the alliance reports the join as it does. */
  joinAlliance(alliance: string, members: readonly string[], at: number): Done {
    this.ok({ type: 'respondAlliance', by: LEADER, alliance, accept: true }, at);
    return this.ok({ type: 'allianceJoined', alliance, members: [...members] }, at, `alliance:${alliance}`);
  }

  /** Fires a pending timer at its due time (or `at`). */
  fire(timerId: string, at?: number): Done {
    const pending = this.record!.timers[timerId];
    if (!pending) throw new Error(`no timer ${timerId}`);
    this.#n += 1;
    const result = step({
      kind: this.kind,
      id: GUILD,
      version: this.version,
      record: this.record,
      at: at ?? pending.due,
      envelope: { id: `t${this.#n}`, to: ADDRESS, event: { type: 'xstate.timer' }, timer: { id: timerId, seq: pending.seq } },
    });
    if (result.outcome !== 'applied') throw new Error(`timer ${timerId} was ${result.outcome}`);
    this.version = result.version;
    this.record = result.record;
    return result as Done;
  }

  /** A registered nation with a leader and one more citizen. */
  static registered(overrides: { features?: Partial<Features>; timers?: Partial<Timers> } = {}): Nation {
    const nation = new Nation(overrides);
    nation.ok({ type: 'register', by: LEADER, name: 'Avalon' }, T0);
    nation.ok({ type: 'join', by: CITIZEN }, T0);
    return nation;
  }
}

export function rowsOf(result: Done, table: string): Record<string, unknown>[] {
  return result.records.filter((entry) => entry.table === table).map((entry) => entry.row);
}

export function statsOf(result: Done): Record<string, unknown> | undefined {
  return result.emits.find((entry) => entry.event.type === 'nationStats')?.event;
}
