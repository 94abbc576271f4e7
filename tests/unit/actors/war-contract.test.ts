// Every message the war sends a nation must pass the nation's own event
// schema (actors/nation/events.ts), or the runtime would refuse it there.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nationEvents } from '../../../actors/nation/events.ts';
import type { Envelope } from '../../../runtime/envelope.ts';
import { A, D, HOUR, mustered, mustering, opened, T0, War } from './war-harness.ts';

function assertNationAccepts(sends: readonly Envelope[]): number {
  let checked = 0;
  for (const send of sends.filter((envelope) => envelope.to.startsWith('nation:'))) {
    const { type, ...fields } = send.event;
    const schema = (nationEvents as Record<string, { safeParse(value: unknown): { success: boolean; error?: unknown } }>)[type];
    assert.ok(schema, `the nation has no "${type}" event`);
    const parsed = schema!.safeParse(fields);
    assert.ok(parsed.success, `nation refuses ${type}: ${JSON.stringify(parsed.error)}`);
    checked += 1;
  }
  return checked;
}

function collectSends(run: (keep: (step: { sends: readonly Envelope[] }) => void) => void): Envelope[] {
  const sends: Envelope[] = [];
  run((step) => sends.push(...step.sends));
  return sends;
}

test('a full war to victory sends the nations only events they accept', () => {
  const war = opened();
  const sends = collectSends((keep) => {
    keep(war.ok({ type: 'accept', name: 'Defendia' }, D, T0 + HOUR));
    keep(war.fire('preparation'));
    keep(war.ok(mustered(A, { units: { armor: 100 }, resources: { gold: 10 }, storageCap: { gold: 0, food: 1000 } }), A, T0 + 26 * HOUR));
    keep(war.ok(mustered(D, { units: { infantry: 1 }, resources: { gold: 1000, food: 50 } }), D, T0 + 26 * HOUR));
    keep(war.ok({ type: 'collected', ref: 'war:w1:tribute', resources: { gold: 200, food: 10 }, nation: D }, D, T0 + 26 * HOUR));
  });
  const types = sends.map((send) => send.event.type);
  for (const type of ['warPhase', 'muster', 'battleResult', 'collect', 'credit', 'warEnded']) assert.ok(types.includes(type), type);
  assert.is(assertNationAccepts(sends), sends.length);
});

test('declaration, surrender and peace messages are accepted by the nation', () => {
  const war = mustering();
  const sends = collectSends((keep) => {
    keep(war.ok({ type: 'surrender' }, A, T0 + 26 * HOUR));
    keep(war.fire('musterTimeout'));
  });
  const fresh = opened();
  const opening = fresh.ok({ type: 'decline' }, D, T0 + 1).sends;
  assert.ok(assertNationAccepts([...sends, ...opening]) > 0);
  const open = new War().ok({ type: 'open', aggressor: A, defender: D, reason: 'x' }, A, T0);
  assert.is(assertNationAccepts(open.sends), 2);
});

test.run();
