// The 3-second rule with the real discord.js client: a runtime slower than
// 2.5 s gets the interaction deferred at once and the reply edited when the
// game answers; one that does not answer at all gets a deferred reply edited
// to say so — never an interaction left to expire.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Permission } from '../../support/discord-emulator/index.ts';
import { startBotHarness } from '../../support/bot-harness.ts';

const h = await startBotHarness({ env: { REQUEST_TIMEOUT_MS: '4500' } });
const { emulator } = h;
const leader = emulator.addUser('slowpoke');
const A = emulator.addGuild('Tardia', leader);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('fast: answered directly, not deferred', async () => {
  const answer = await h.run(leader, A, 'nation', 'register', { name: 'Tardia' }, Permission.ManageGuild);
  assert.is(answer.deferred, false);
  const record = [...emulator.state.interactions.values()].at(-1)!;
  assert.is(record.callback?.type, 4);
});

test('a runtime slower than 2.5 s: deferred within the 3 s, then edited with the result', async () => {
  await h.runtime.stopNode();
  const record = h.send(leader, A, 'military', 'build', { unit: 'infantry', quantity: 3 });
  const sent = Date.now();
  await emulator.waitFor(() => record.callback, 5_000, 'the deferral');
  assert.is(record.callback!.type, 5, 'deferred');
  assert.ok(record.callback!.at - sent < 3_000, `deferred after ${record.callback!.at - sent} ms`);
  await sleep(2_800 - (Date.now() - sent));
  await h.runtime.restartNode();
  const answer = await emulator.answer(record, 10_000);
  assert.ok(answer.deferred);
  assert.ok(record.edits >= 1, 'the deferred reply was edited');
  assert.match(answer.content, '3 infantry queued');
});

test('a runtime that never answers: the deferred reply says so', async () => {
  await h.runtime.stopNode();
  const record = h.send(leader, A, 'military', 'build', { unit: 'armor', quantity: 1 });
  const answer = await emulator.answer(record, 15_000);
  assert.ok(answer.deferred);
  assert.ok(answer.ephemeral, 'the timeout is told privately');
  assert.match(answer.content, 'The game did not answer in time');
  assert.ok(record.originalDeleted, 'the public "thinking…" was replaced');
  await h.runtime.restartNode();
});

test.after(() => h.close());
test.run();
