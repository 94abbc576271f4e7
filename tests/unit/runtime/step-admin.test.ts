// The step's admin pieces (runtime/step.ts): an event based on a version the
// actor has left is refused with RUNTIME_VERSION_MOVED and changes nothing; a
// pending timer fired by hand (`timer.now`) takes effect now rather than at its
// due time, and one no longer pending answers RUNTIME_STALE_TIMER to whoever
// waits; runtime flags are stamped into the event meta and cannot be forged.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeEnvelope } from '../../../runtime/envelope.ts';
import { step, type Applied, type StepInput } from '../../../runtime/step.ts';
import { counterKind } from '../../support/counter.ts';

const to = 'counter:a';
const base = (overrides: Partial<StepInput> & Pick<StepInput, 'envelope'>): StepInput => ({ kind: counterKind, id: 'a', version: 0, record: null, at: 1_000, ...overrides });
const applied = (input: StepInput): Applied => {
  const result = step(input);
  if (result.outcome !== 'applied') throw new Error(`expected applied, got ${JSON.stringify(result)}`);
  return result;
};

test('an event carrying the version it was based on applies on that version and is refused on any other', () => {
  const first = applied(base({ envelope: { id: 'm1', to, event: { type: 'inc', by: 1 } } }));
  const on = applied(base({ version: 1, record: first.record, envelope: { id: 'm2', to, event: { type: 'inc', by: 2 }, expect: 1 } }));
  assert.is(on.version, 2);
  const moved = step(base({ version: 2, record: on.record, envelope: { id: 'm3', to, event: { type: 'inc', by: 5 }, expect: 1 } }));
  assert.equal(moved, { outcome: 'refused', reply: { ok: false, code: 'RUNTIME_VERSION_MOVED', message: 'counter:a is at version 2, not 1', details: { version: 2 } } });
});

test('a pending timer fired by hand takes effect now; an ordinary fire never before its due time', () => {
  const armed = applied(base({ envelope: { id: 'm1', to, event: { type: 'startTimer', ms: 60_000 } } }));
  const [timerId, pending] = Object.entries(armed.record.timers)[0]!;
  assert.is(pending.due, 61_000);
  const fire = { id: 'f', to, event: { type: 'xstate.timer' }, timer: { id: timerId, seq: pending.seq } };
  const early = applied(base({ version: 1, record: armed.record, at: 5_000, envelope: { ...fire, timer: { ...fire.timer, now: true }, replyTo: 'r' } }));
  assert.is(early.at, 5_000);
  assert.is((early.record.snapshot.context as { alarms: number }).alarms, 1);
  const onTime = applied(base({ version: 1, record: armed.record, at: 5_000, envelope: fire }));
  assert.is(onTime.at, 61_000);
});

test('a timer no longer pending: silently stale for the timer service, a coded refusal for a person waiting', () => {
  const idle = applied(base({ envelope: { id: 'm1', to, event: { type: 'inc', by: 1 } } }));
  const fire = { id: 'f', to, event: { type: 'xstate.timer' }, timer: { id: 'gone', seq: 1 } };
  assert.equal(step(base({ version: 1, record: idle.record, envelope: fire })), { outcome: 'stale' });
  const byHand = step(base({ version: 1, record: idle.record, envelope: { ...fire, replyTo: 'r', timer: { ...fire.timer, now: true } } }));
  assert.is(byHand.outcome === 'refused' && byHand.reply.code, 'RUNTIME_STALE_TIMER');
});

test('runtime flags come in with the event meta, and only from the runtime', () => {
  const withFlags = applied(base({ flags: { wars: false }, envelope: { id: 'm1', to, event: { type: 'inc', by: 1 } } }));
  assert.equal((withFlags.event as { flags?: unknown }).flags, { wars: false });
  const without = applied(base({ envelope: { id: 'm1', to, event: { type: 'inc', by: 1 } } }));
  assert.not.ok('flags' in without.event, 'no flags switched: no field at all');
  const forged = step(base({ envelope: { id: 'm1', to, event: { type: 'inc', by: 1, flags: { wars: true } } } }));
  assert.is(forged.outcome, 'refused', 'a client cannot send flags');
});

test('the envelope decoder accepts expect and timer.now, and refuses a negative expect', () => {
  const good = decodeEnvelope(JSON.stringify({ id: 'x', to, event: { type: 'inc' }, expect: 3, timer: { id: 't', seq: 1, now: true } }));
  assert.ok(good.ok);
  const bad = decodeEnvelope(JSON.stringify({ id: 'x', to, event: { type: 'inc' }, expect: -1 }));
  assert.is(!bad.ok && bad.error.code, 'RUNTIME_MALFORMED_MESSAGE');
});

test.run();
