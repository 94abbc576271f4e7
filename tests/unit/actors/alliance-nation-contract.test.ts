// The alliance's allianceJoined, as actors/alliance sends it (with the
// alliance's name and treaty), is accepted by the nation's strict schema.
// Found by the bot's end-to-end test: before, the nation refused it and an
// accepted alliance never reached its members.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ADDRESS, LEADER, Nation, T0 } from './nation-harness.ts';

test('a nation accepts allianceJoined carrying the alliance name and treaty', () => {
  const nation = Nation.registered();
  nation.ok({ type: 'respondAlliance', by: LEADER, alliance: 'a1', accept: true }, T0);
  const done = nation.ok({ type: 'allianceJoined', alliance: 'a1', name: 'Iron Pact', treaty: 'defense', members: [ADDRESS, 'nation:200'] }, T0, 'alliance:a1');
  assert.equal(done.reply.members, [ADDRESS, 'nation:200']);
  assert.is(nation.refused({ type: 'allianceJoined', alliance: 'a1', name: 'Iron Pact', treaty: 'forever', members: [ADDRESS] }, T0, 'alliance:a1'), 'RUNTIME_INVALID_EVENT');
});

test.run();
