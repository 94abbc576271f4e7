// alliance:<id> driven through runtime/step.ts exactly as the runtime drives
// it: one actor on a record the harness keeps, its timers fired by hand, and
// the shared nations, times and events of the alliance tests. Not a test file.
import * as assert from 'uvu/assert';
import { createAllianceKind } from '../../../actors/alliance/index.ts';
import type { AllianceContext } from '../../../actors/alliance/index.ts';
import { hoursMs } from '../../../actors/common/game-rules.ts';
import { decodeRecord, encodeRecord, step, type ActorRecord, type Applied, type StepResult } from '../../../runtime/step.ts';
import { shippedRules } from '../../support/game-rules.ts';

export const rules = shippedRules();
export const kind = createAllianceKind(rules);
export const ADDRESS = 'alliance:a1';
export const A = 'nation:1';
export const B = 'nation:2';
export const C = 'nation:3';
export const D = 'nation:4';
export const T0 = 1_700_000_000_000;
export const PROPOSAL = hoursMs(rules.timers.alliance.proposal_hours);

export function alliance() {
  let kindInUse = kind;
  let version = 0;
  let record: ActorRecord | null = null;
  let n = 0;
  const keep = (result: StepResult): StepResult => {
    if (result.outcome === 'applied') {
      version = result.version;
      record = result.record;
    }
    return result;
  };
  return {
    send(event: { type: string } & Record<string, unknown>, from: string | undefined, at = T0): StepResult {
      n += 1;
      const envelope = { id: `m${n}`, to: ADDRESS, event, ...(from === undefined ? {} : { from }) };
      return keep(step({ kind: kindInUse, id: 'a1', version, record, envelope, at }));
    },
    fire(timerId: string, at: number): StepResult {
      const timer = record?.timers[timerId];
      assert.ok(timer, `timer ${timerId} is pending`);
      n += 1;
      const envelope = { id: `t${n}`, to: ADDRESS, event: { type: 'xstate.timer' }, timer: { id: timerId, seq: timer.seq } };
      return keep(step({ kind: kindInUse, id: 'a1', version, record, envelope, at }));
    },
    /** Carries on with another rule set (a changed limit or flag), as after a config reload. */
    use(next: typeof kind): void {
      kindInUse = next;
      if (record) record = decodeRecord(next, encodeRecord(kind, record));
    },
    /** Fires a timer as it was armed at `seq`, stale or not. */
    fireAt(timerId: string, seq: number, at: number): StepResult {
      n += 1;
      const envelope = { id: `t${n}`, to: ADDRESS, event: { type: 'xstate.timer' }, timer: { id: timerId, seq } };
      return keep(step({ kind: kindInUse, id: 'a1', version, record, envelope, at }));
    },
    /** Fires a pending timer by hand ahead of its due time (the ops console's `timer.now`). */
    fireNow(timerId: string, at: number): StepResult {
      const timer = record?.timers[timerId];
      assert.ok(timer, `timer ${timerId} is pending`);
      n += 1;
      const envelope = { id: `t${n}`, to: ADDRESS, event: { type: 'xstate.timer' }, timer: { id: timerId, seq: timer.seq, now: true as const } };
      return keep(step({ kind: kindInUse, id: 'a1', version, record, envelope, at }));
    },
    get state(): unknown {
      return record?.snapshot.value;
    },
    get context(): AllianceContext {
      return record!.snapshot.context as AllianceContext;
    },
    get timers() {
      return record?.timers ?? {};
    },
  };
}

export const applied = (result: StepResult): Applied => {
  assert.is(result.outcome, 'applied', JSON.stringify('reply' in result ? result.reply : result));
  return result as Applied;
};
export const refusedWith = (result: StepResult, code: string): void => {
  assert.is(result.outcome, 'refused');
  if (result.outcome === 'refused') assert.is(result.reply.code, code, result.reply.message);
};
export const open = (invitee = B) => ({ type: 'open', founder: A, invitee, name: 'Iron Pact', treaty: 'defense' });

export function activeAlliance() {
  const actor = alliance();
  applied(actor.send(open(), A));
  applied(actor.send({ type: 'join' }, B));
  return actor;
}

