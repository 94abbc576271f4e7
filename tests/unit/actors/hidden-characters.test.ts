// Names and war reasons other players see refuse the characters that reorder
// or hide text (bidi overrides and isolates, zero-width characters, the BOM):
// "Rome\u202e0 — 99999" would fake a score on a leaderboard row. The refusal
// names the field; an emoji sequence's zero-width joiner is still fine.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { StepResult } from '../../../runtime/step.ts';
import { LEADER, Nation, T0 } from './nation-harness.ts';
import { A, D, War } from './war-harness.ts';

const HIDDEN = ['\u202e', '\u202a', '\u2066', '\u2069', '\u200b', '\u200d', '\u200e', '\u200f', '\u2060', '\u2064', '\ufeff'];

/** `code: message` of a refused step. */
const refusal = (result: StepResult): string => (result.outcome === 'refused' ? `${result.reply.code}: ${result.reply.message}` : result.outcome);

test('a nation name with a hidden character is refused, naming the field', () => {
  assert.match(refusal(new Nation().try({ type: 'register', by: LEADER, name: 'Rome\u202e0 — 99999\u200b' }, T0)), /^RUNTIME_INVALID_EVENT: .*name.*invisible or direction-changing/);
  for (const hidden of HIDDEN) {
    assert.is(new Nation().try({ type: 'register', by: LEADER, name: `Ro${hidden}me` }, T0).outcome, 'refused', JSON.stringify(hidden));
  }
});

test('a name may still carry an emoji sequence joined by U+200D', () => {
  for (const name of ['🏳️‍🌈 Pride', 'Coders 👩🏽‍💻', 'Rome']) assert.is(new Nation().try({ type: 'register', by: LEADER, name }, T0).outcome, 'applied', name);
});

test('a war reason with a hidden character is refused by the nation and by the war, naming the field', () => {
  const nation = Nation.registered();
  assert.match(refusal(nation.try({ type: 'declareWar', by: LEADER, target: 'nation:300', reason: 'glory\u2066 ranks' }, T0)), /^RUNTIME_INVALID_EVENT: .*reason.*invisible or direction-changing/);
  assert.match(refusal(new War().send({ type: 'open', aggressor: A, defender: D, reason: 'border\u202e dispute' }, A, T0)), /^RUNTIME_INVALID_EVENT: .*reason.*invisible or direction-changing/);
  assert.is(new War().send({ type: 'open', aggressor: A, defender: D, reason: 'border dispute 🏳️‍🌈' }, A, T0).outcome, 'applied');
});

test.run();
