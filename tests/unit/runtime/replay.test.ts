// runtime/replay.ts on the test counter: a log built by the pure step replays
// to the same record at every version, with timers, timer fires and runtime
// flags; a log with a hole, or one that does not start at version 1, or one
// whose message was altered, is refused with its code.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assign, setup } from 'xstate';
import { z } from 'zod';
import type { EventMeta } from '../../../runtime/effects.ts';
import type { Envelope } from '../../../runtime/envelope.ts';
import type { ActorKind } from '../../../runtime/kinds.ts';
import { loggedMessage, replay, sameRecord, type LoggedMessage } from '../../../runtime/replay.ts';
import { step, type ActorRecord } from '../../../runtime/step.ts';
import { counterKind } from '../../support/counter.ts';

/** Runs envelopes through the step as the runtime would, keeping the log the runtime would keep. */
function run(kind: ActorKind, envelopes: readonly Envelope[], flagsAt: (i: number) => Record<string, boolean> | undefined = () => undefined) {
  let record: ActorRecord | null = null;
  let version = 0;
  const log: LoggedMessage[] = [];
  envelopes.forEach((envelope, i) => {
    const flags = flagsAt(i);
    const result = step({ kind, id: 'a', version, record, envelope, at: 1_000 * (i + 1), ...(flags ? { flags } : {}) });
    if (result.outcome !== 'applied') return;
    record = result.record;
    version = result.version;
    log.push({ version, at: result.at, envelope, ...(flags ? { flags } : {}) });
  });
  return { record: record as ActorRecord | null, version, log };
}

const to = 'counter:a';
const history: Envelope[] = [
  { id: 'm1', to, event: { type: 'inc', by: 3 } },
  { id: 'm2', to, event: { type: 'startTimer', ms: 500 } },
  { id: 'm3', to, event: { type: 'refuse' } },
  { id: 'timer:counter:a:x', to, event: { type: 'xstate.timer' }, timer: { id: 'xstate.after.alarm.counter.ticking', seq: 2 } },
  { id: 'm5', to, event: { type: 'inc', by: -1 } },
];

test('a log replays to the very record the steps produced, and to each earlier version', () => {
  const { record, version, log } = run(counterKind, history);
  assert.is(version, 4, 'the refused message left no version behind');
  const replayed = replay(counterKind, 'a', log);
  assert.is(replayed.version, 4);
  assert.ok(sameRecord(counterKind, replayed.record!, record!));
  assert.equal((replayed.record!.snapshot.context as { alarms: number }).alarms, 1, 'the timer fire replayed');
  const atTwo = replay(counterKind, 'a', [...log].reverse(), 2);
  assert.is(atTwo.version, 2);
  assert.is(atTwo.record!.snapshot.value, 'ticking');
  assert.equal(Object.keys(atTwo.record!.timers), ['xstate.after.alarm.counter.ticking'], 'a pending timer is part of the state at that version');
  assert.is(atTwo.last!.arm.length, 1, 'the last step comes back with its effects');
});

test('a log with a hole or that does not start at 1 is RUNTIME_REPLAY_GAP; an altered message is RUNTIME_REPLAY_DIVERGED', () => {
  const { log } = run(counterKind, history);
  const code = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (error) {
      return (error as { code?: string }).code;
    }
    return undefined;
  };
  assert.is(code(() => replay(counterKind, 'a', log.filter((m) => m.version !== 2))), 'RUNTIME_REPLAY_GAP');
  assert.is(code(() => replay(counterKind, 'a', log.slice(1))), 'RUNTIME_REPLAY_GAP');
  const altered = log.map((m) => (m.version === 3 ? { ...m, envelope: { ...m.envelope, timer: { id: 'nope', seq: 2 } } } : m));
  assert.is(code(() => replay(counterKind, 'a', altered)), 'RUNTIME_REPLAY_DIVERGED');
});

// A kind whose transition depends on a runtime flag: replay must feed it the flags each message saw.
type GateEvent = EventMeta & { type: 'knock' };
const gateKind: ActorKind = {
  name: 'gate',
  machine: setup({ types: {} as { context: { opened: number; shut: number }; events: GateEvent } }).createMachine({
    context: { opened: 0, shut: 0 },
    on: {
      knock: [
        { guard: ({ event }) => event.flags?.gate === false, actions: assign({ shut: ({ context }) => context.shut + 1 }) },
        { actions: assign({ opened: ({ context }) => context.opened + 1 }) },
      ],
    },
  }),
  events: { knock: z.object({}).strict() },
};

test('runtime flags travel in the log: the replay sees the values each message saw', () => {
  const knocks: Envelope[] = [1, 2, 3, 4].map((n) => ({ id: `k${n}`, to: 'gate:a', event: { type: 'knock' } }));
  const { record, log } = run(gateKind, knocks, (i) => (i === 1 || i === 2 ? { gate: false } : undefined));
  assert.equal(record!.snapshot.context, { opened: 2, shut: 2 });
  assert.ok(sameRecord(gateKind, replay(gateKind, 'a', log).record!, record!));
  const withoutFlags = replay(gateKind, 'a', log.map(({ flags: _flags, ...rest }) => rest));
  assert.equal(withoutFlags.record!.snapshot.context, { opened: 4, shut: 0 }, 'without them it would not');
});

test('loggedMessage reads a log row as the message log and actor_messages keep it, flags from its effects', () => {
  const row = { version: 2, at: 5, message: JSON.stringify({ id: 'k', to: 'gate:a', event: { type: 'knock' } }), effects: '{"reply":{"ok":true},"flags":{"gate":false}}' };
  assert.equal(loggedMessage(row), { version: 2, at: 5, envelope: { id: 'k', to: 'gate:a', event: { type: 'knock' } }, flags: { gate: false } });
  assert.throws(() => loggedMessage({ ...row, message: '{"to":"x"}' }), (error: { code?: string }) => error.code === 'RUNTIME_MALFORMED_MESSAGE');
});

test.run();
