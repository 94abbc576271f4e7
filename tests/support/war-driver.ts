// Drives a war through the runtime the way players would (register two
// nations, build armies, declare, accept) and on to its battle, for the
// realtime tests and the gateway's overlay screenshots.
import { gameKinds, gameRules } from '../../actors/index.ts';
import { loadConfig } from '../../config/index.ts';
import type { ReplyBody } from '../../runtime/step.ts';
import type { Harness } from './runtime-harness.ts';

export const HOUR = 3_600_000;
export const ATTACKER = { address: 'nation:111111111111111111', leader: '900000000000000001', name: 'Avalon' } as const;
export const DEFENDER = { address: 'nation:222222222222222222', leader: '900000000000000002', name: 'Brigantia' } as const;

export const gameConfig = loadConfig({ env: {} });
export const allGameKinds = gameKinds(gameRules(gameConfig));

async function ok(harness: Harness, to: string, event: { type: string } & Record<string, unknown>): Promise<ReplyBody & { ok: true }> {
  const reply = await harness.client.request(to, event);
  if (!reply.ok) throw new Error(`${to} refused ${event.type}: ${reply.code} ${reply.message}`);
  return reply;
}

/** Registers both nations and has each build an army (ready after the build time, which this advances past). */
export async function registerAndArm(harness: Harness): Promise<void> {
  for (const nation of [ATTACKER, DEFENDER]) {
    await ok(harness, nation.address, { type: 'register', by: nation.leader, name: nation.name });
  }
  await ok(harness, ATTACKER.address, { type: 'build', by: ATTACKER.leader, unit: 'infantry', quantity: 25 });
  await ok(harness, ATTACKER.address, { type: 'build', by: ATTACKER.leader, unit: 'armor', quantity: 5 });
  await ok(harness, DEFENDER.address, { type: 'build', by: DEFENDER.leader, unit: 'infantry', quantity: 30 });
  await ok(harness, DEFENDER.address, { type: 'build', by: DEFENDER.leader, unit: 'aircraft', quantity: 2 });
  await harness.advance(5 * HOUR);
  // Any command completes due builds.
  for (const nation of [ATTACKER, DEFENDER]) await ok(harness, nation.address, { type: 'completeBuilds' });
}

/** Declares war (its id is the declaring message's id: pass one to know it in advance) and has the defender accept it. */
export async function declareAndAccept(harness: Harness, warId?: string): Promise<string> {
  const event = { type: 'declareWar', by: ATTACKER.leader, target: DEFENDER.address, reason: 'the river' };
  const reply = await harness.client.request(ATTACKER.address, event, warId ? { id: warId } : {});
  if (!reply.ok) throw new Error(`declareWar refused: ${reply.code} ${reply.message}`);
  const declared = reply;
  const war = String(declared.war);
  await harness.settle();
  await ok(harness, DEFENDER.address, { type: 'respondWar', by: DEFENDER.leader, war, accept: true });
  await harness.settle();
  return war;
}

/** Moves virtual time past the preparation phase: the battle is fought and settled. */
export async function advanceToBattle(harness: Harness): Promise<void> {
  await harness.advance(gameConfig.timers.war.preparation_hours * HOUR + 60_000);
  await harness.settle();
}
