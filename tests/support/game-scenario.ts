// A short game played through a RuntimeClient, for tests that need real game
// actors with history: two nations, a war declared and accepted (its battle
// then follows on its timers), a few commands that change resources.
import * as assert from 'uvu/assert';
import type { RuntimeClient } from '../../runtime/client.ts';
import type { ReplyBody } from '../../runtime/step.ts';

export const ATTACKER = { address: 'nation:100000000000000001', leader: '200000000000000001', name: 'Avalon' } as const;
export const DEFENDER = { address: 'nation:100000000000000002', leader: '200000000000000002', name: 'Brigadoon' } as const;

export async function ok(client: RuntimeClient, to: string, event: { type: string } & Record<string, unknown>): Promise<ReplyBody & { ok: true }> {
  const reply = await client.request(to, event);
  assert.ok(reply.ok, `${to} ${event.type}: ${JSON.stringify(reply)}`);
  return reply as ReplyBody & { ok: true };
}

/** Registers both nations; resolves to nothing. */
export async function registerNations(client: RuntimeClient): Promise<void> {
  for (const nation of [ATTACKER, DEFENDER]) {
    await ok(client, nation.address, { type: 'register', by: nation.leader, name: nation.name });
  }
}

/** The attacker declares war on the defender; resolves to the war's address (in `proposed`). */
export async function declareWar(client: RuntimeClient): Promise<string> {
  const reply = await ok(client, ATTACKER.address, { type: 'declareWar', by: ATTACKER.leader, target: DEFENDER.address, reason: 'glory' });
  return `war:${String(reply.war)}`;
}

/**
 * The defender accepts: the war moves to preparation, its battle timer armed.
 * The defender hears of the war by a message of the war's; until then it
 * answers GAME_NOT_PARTICIPANT, so this asks again for a few seconds.
 */
export async function acceptWar(client: RuntimeClient, war: string): Promise<void> {
  const event = { type: 'respondWar', by: DEFENDER.leader, war: war.slice('war:'.length), accept: true };
  for (let tries = 0; tries < 100; tries++) {
    const reply = await client.request(DEFENDER.address, event);
    if (reply.ok) return;
    if (reply.code !== 'GAME_NOT_PARTICIPANT') assert.unreachable(`respondWar: ${JSON.stringify(reply)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.unreachable(`${DEFENDER.address} never heard of ${war}`);
}
