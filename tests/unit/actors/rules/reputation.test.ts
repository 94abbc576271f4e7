import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyReputation, NO_HISTORY, reputationChange, trust } from '../../../../actors/rules/reputation.ts';
import { reputation } from './fixtures.ts';

test('the GAME.md table', () => {
  assert.is(reputationChange(reputation, 'alliance_formed'), 10);
  assert.is(reputationChange(reputation, 'alliance_broken'), -25);
  assert.is(reputationChange(reputation, 'treaty_violated'), -50);
  assert.is(reputationChange(reputation, 'war_initiated'), -5);
  assert.is(reputationChange(reputation, 'war_won'), 10);
  assert.is(reputationChange(reputation, 'war_lost'), -5);
  assert.is(reputationChange(reputation, 'peace_treaty_honoured'), 15);
  assert.is(reputationChange(reputation, 'betrayal'), -75);
  assert.is(reputationChange(reputation, 'espionage_discovered'), -10);
});

test('applying events to a score', () => {
  assert.is(applyReputation(reputation, 0, 'alliance_formed'), 10);
  assert.is(applyReputation(reputation, 0, ['war_initiated', 'war_won', 'peace_treaty_honoured']), 20);
  assert.is(applyReputation(reputation, 20, ['alliance_broken', 'betrayal']), -80);
  assert.is(applyReputation(reputation, 7, []), 7);
});

test('trust: strangers at neutral get 50; symmetric; bounded in [0, 100]', () => {
  assert.is(trust(0, 0, NO_HISTORY), 50);
  assert.is(trust(40, -20, NO_HISTORY), 45);
  assert.is(trust(-20, 40, NO_HISTORY), 45);
  assert.is(trust(100, 500, { ...NO_HISTORY, alliancesFormed: 5 }), 100);
  assert.is(trust(-300, 0, { ...NO_HISTORY, betrayals: 2 }), 0);
});

test('trust: shared history moves the history half', () => {
  const friends = { ...NO_HISTORY, alliancesFormed: 2, treatiesHonoured: 1, trades: 3 };
  assert.is(trust(0, 0, friends), 68); // 25 + (25 + 10 + 5 + 3)
  assert.is(trust(0, 0, { ...NO_HISTORY, warsFought: 1 }), 40);
  assert.is(trust(0, 0, { ...NO_HISTORY, foughtTogether: 1 }), 55);
  assert.is(trust(0, 0, { ...NO_HISTORY, betrayals: 1 }), 25);
  assert.is(trust(0, 0, { ...NO_HISTORY, treatiesViolated: 1, alliancesFormed: 1 }), 40);
  // Custom weights are honoured.
  assert.is(trust(0, 0, { ...NO_HISTORY, trades: 4 }, { ...NO_HISTORY, trades: 2 }), 58);
});

test.run();
