// Drives a war actor through runtime/step.ts exactly as the runtime does, for
// the war*.test.ts files.
import * as assert from 'uvu/assert';
import { createWarKind } from '../../../actors/war/index.ts';
import type { WarContext } from '../../../actors/war/context.ts';
import { step, type ActorRecord, type Applied, type StepResult } from '../../../runtime/step.ts';
import { shippedRules } from '../../support/game-rules.ts';

export const HOUR = 3_600_000;
export const T0 = 1_700_000_000_000;
export const A = 'nation:111';
export const D = 'nation:222';
export const WAR_ID = 'w1';
export const TO = `war:${WAR_ID}`;

export const rules = shippedRules();
export const kind = createWarKind(rules);

export interface SideInput {
  units?: Partial<Record<'infantry' | 'armor' | 'aircraft' | 'naval', number>>;
  stance?: 'aggressive' | 'balanced' | 'defensive';
  resources?: Partial<Record<'gold' | 'food' | 'materials', number>>;
  storageCap?: Partial<Record<'gold' | 'food' | 'materials', number>>;
  territory?: number;
}

/** An applied step whose reply's fields the tests read. */
export type OkStep = Applied & { readonly reply: Readonly<Record<string, unknown>> };

export class War {
  version = 0;
  record: ActorRecord | null = null;
  #n = 0;

  /** Feeds an event; returns the step result (applied results are kept). */
  send(event: Record<string, unknown> & { type: string }, from: string | undefined, at: number): StepResult {
    const envelope = { id: `m${++this.#n}`, to: TO, event, ...(from === undefined ? {} : { from }) };
    const result = step({ kind, id: WAR_ID, version: this.version, record: this.record, envelope, at });
    if (result.outcome === 'applied') {
      this.version = result.version;
      this.record = result.record;
    }
    return result;
  }

  ok(event: Record<string, unknown> & { type: string }, from: string | undefined, at: number): OkStep {
    const result = this.send(event, from, at);
    if (result.outcome !== 'applied') assert.unreachable(`expected ${event.type} to apply, got ${JSON.stringify(result)}`);
    return result as OkStep;
  }

  refused(event: Record<string, unknown> & { type: string }, from: string | undefined, at: number, code: string): void {
    const before = this.record;
    const result = this.send(event, from, at);
    assert.is(result.outcome, 'refused', `${event.type} should be refused`);
    if (result.outcome === 'refused') assert.is(result.reply.code, code);
    assert.is(this.record, before);
  }

  /** Fires the pending timer whose id contains `part`, at its due time (or `at`). */
  fire(part: string, at?: number): Applied {
    const entry = Object.entries(this.record?.timers ?? {}).find(([id]) => id.includes(part));
    if (!entry) assert.unreachable(`no timer matching ${part}: ${Object.keys(this.record?.timers ?? {}).join(', ')}`);
    const [id, timer] = entry!;
    const envelope = { id: `t${++this.#n}`, to: TO, event: { type: 'xstate.timer' }, timer: { id, seq: timer.seq } };
    const result = step({ kind, id: WAR_ID, version: this.version, record: this.record, envelope, at: at ?? timer.due });
    if (result.outcome !== 'applied') assert.unreachable(`timer ${id} did not apply: ${JSON.stringify(result)}`);
    const applied = result as Applied;
    this.version = applied.version;
    this.record = applied.record;
    return applied;
  }

  timerIds(): string[] {
    return Object.keys(this.record?.timers ?? {});
  }

  get state(): unknown {
    return this.record?.snapshot.value;
  }

  get context(): WarContext {
    return this.record?.snapshot.context as WarContext;
  }
}

export function mustered(nation: string, side: SideInput) {
  return {
    type: 'mustered',
    war: WAR_ID,
    nation,
    side: {
      units: side.units ?? {},
      stance: side.stance ?? 'balanced',
      resources: side.resources ?? {},
      storageCap: side.storageCap ?? { gold: 100_000, food: 100_000, materials: 100_000 },
      territory: side.territory ?? 100,
    },
  };
}

/** A war opened by A against D at T0. */
export function opened(): War {
  const war = new War();
  war.ok({ type: 'open', aggressor: A, defender: D, reason: 'border dispute', aggressorName: 'Attackland' }, A, T0);
  return war;
}

/** A war in preparation (accepted at T0 + 1 h). */
export function accepted(): War {
  const war = opened();
  war.ok({ type: 'accept', by: '42', name: 'Defendia' }, D, T0 + HOUR);
  return war;
}

/** A war whose battle is due: mustering. */
export function mustering(): War {
  const war = accepted();
  war.fire('preparation');
  return war;
}

export const sendsOfType = (applied: Applied, type: string) => applied.sends.filter((send) => send.event.type === type);
export const emitsOfType = (applied: Applied, type: string) => applied.emits.filter((emit) => emit.event.type === type);
