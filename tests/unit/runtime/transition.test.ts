// The runtime's cached-scope transition must give exactly what XState's own
// pure `transition()` gives: same snapshots, same actions, same errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initialTransition, transition, type AnyMachineSnapshot, type EventObject } from 'xstate';
import { pureTransition } from '../../../runtime/transition.ts';
import { counterMachine } from '../../support/counter.ts';

const meta = { at: 1_000, seed: 7 };
const script: (EventObject & Record<string, unknown>)[] = [
  { type: 'inc', by: 3, ...meta },
  { type: 'startTimer', ms: 500, ...meta },
  { type: 'inc', by: -1, ...meta },
  { type: 'forward', to: 'counter:b', by: 2, ...meta },
  { type: 'xstate.after.alarm.counter.ticking' },
  { type: 'startTimer', ms: 900, ...meta },
  { type: 'stopTimer', ...meta },
  { type: 'no-such-event' },
];

const plain = (snapshot: AnyMachineSnapshot) => counterMachine.getPersistedSnapshot(snapshot) as unknown as { context: { count: number } };
const described = (actions: readonly { type: string; params?: unknown }[]) => actions.map(({ type, params }) => ({ type, params }));

test('every step of a script gives the same snapshot and actions as XState transition()', () => {
  let ours = initialTransition(counterMachine, { id: 'a' })[0];
  let theirs = ours;
  for (const event of script) {
    const [nextOurs, actionsOurs] = pureTransition(counterMachine, ours, event);
    const [nextTheirs, actionsTheirs] = transition(counterMachine, theirs, event as never);
    assert.equal(plain(nextOurs), plain(nextTheirs), event.type);
    assert.equal(described(actionsOurs), described(actionsTheirs), event.type);
    ours = nextOurs;
    theirs = nextTheirs;
  }
  assert.is(plain(ours).context.count, 2);
});

test('actions of one call never leak into the next', () => {
  const start = initialTransition(counterMachine, { id: 'a' })[0];
  const [, first] = pureTransition(counterMachine, start, { type: 'inc', by: 1, ...meta } as EventObject);
  const [, second] = pureTransition(counterMachine, start, { type: 'stopTimer', ...meta } as EventObject);
  assert.is(first.length, 2);
  assert.is(second.length, 0);
});

test('a throwing transition throws, as with transition(), and the next call works', () => {
  const start = initialTransition(counterMachine, { id: 'a' })[0];
  assert.throws(() => pureTransition(counterMachine, start, { type: 'boom', ...meta } as EventObject), /exploded/);
  assert.throws(() => transition(counterMachine, start, { type: 'boom', ...meta } as never), /exploded/);
  const [after, actions] = pureTransition(counterMachine, start, { type: 'inc', by: 5, ...meta } as EventObject);
  assert.is(plain(after).context.count, 5);
  assert.is(actions.length, 2);
});

test.run();
