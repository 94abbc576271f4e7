// One actor driven through runtime/step.ts exactly as the runtime drives it,
// on a clock the test moves: the version and record carry over from step to
// step, and a refused or stale step leaves them as they were. Not a test file
// itself (no `.test.ts`).
import type { Envelope } from '../../../runtime/envelope.ts';
import type { ActorKind } from '../../../runtime/kinds.ts';
import { step, type ActorRecord, type StepResult } from '../../../runtime/step.ts';

export function actorOnClock(kind: ActorKind, address: string, startAt: number) {
  const id = address.slice(address.indexOf(':') + 1);
  let version = 0;
  let record: ActorRecord | null = null;
  let count = 0;
  const clock = { at: startAt };
  const run = (envelope: Envelope): StepResult => {
    const result = step({ kind, id, version, record, envelope, at: clock.at });
    if (result.outcome === 'applied') {
      version = result.version;
      record = result.record;
    }
    return result;
  };
  return {
    clock,
    get record(): ActorRecord | null {
      return record;
    },
    send: (event: Record<string, unknown> & { type: string }, from?: string): StepResult =>
      run({ id: `m${++count}`, to: address, event, ...(from === undefined ? {} : { from }) }),
    /** Fires a pending timer, moving the clock on to its due time if that is later. */
    fire(timer: string): StepResult {
      const pending = record?.timers[timer];
      if (!pending) throw new Error(`no timer ${timer}`);
      clock.at = Math.max(clock.at, pending.due);
      return run({ id: `t${++count}`, to: address, event: { type: 'xstate.timer' }, timer: { id: timer, seq: pending.seq } });
    },
  };
}
