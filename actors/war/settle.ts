// The battle (or surrender) and its tribute, as pure functions of the war's
// context: resolveBattle/drawTerrain from actors/rules with the message seed,
// then the tribute the loser pays capped by the winner's storage as mustered
// (capTransfer), the excess being the sink `spoils_lost`.
import type { GameRules } from '../common/game-rules.ts';
import {
  capTransfer,
  drawTerrain,
  floorAmount,
  mapResources,
  NO_UNITS,
  resolveBattle,
  territoryWon,
  type Resources,
  type Role,
  type Side,
  type SideOutcome,
} from '../rules/index.ts';
import { nationOf, otherRole, SILENT_SIDE, type BattleSummary, type Settlement, type SideSummary, type WarContext } from './context.ts';

const sideOf = (context: WarContext, role: Role): Side => context.sides[role] ?? SILENT_SIDE;

function summary(context: WarContext, role: Role, outcome: SideOutcome): SideSummary {
  const side = sideOf(context, role);
  return {
    nation: nationOf(context, role),
    units: side.units,
    stance: side.stance,
    allies: side.allies,
    absent: context.sides[role] === null,
    base: outcome.base,
    modifier: outcome.modifier,
    variance: outcome.variance,
    strength: outcome.final,
    casualties: outcome.casualties,
    survivors: outcome.survivors,
  };
}

/**
 * Settles the war once both sides mustered (or the muster deadline passed):
 * a battle, or — when a side surrendered — the same tribute and territory
 * without a battle or casualties.
 */
export function settle(context: WarContext, rules: GameRules, seed: number): Settlement {
  const ref = `war:${context.id}:tribute`;
  const { battle, units, territory } = rules.balance;
  if (context.surrenderedBy !== null) {
    const loser = sideOf(context, context.surrenderedBy);
    return {
      winner: otherRole(context.surrenderedBy),
      ref,
      demanded: mapResources((type) => floorAmount(loser.resources[type] * battle.spoils_fraction)),
      territory: territoryWon(loser.territory, { battle, units, territory }),
      battle: null,
      collected: null,
      received: null,
      lost: null,
    };
  }
  const terrain = drawTerrain(battle, seed);
  const result = resolveBattle({
    attacker: sideOf(context, 'attacker'),
    defender: sideOf(context, 'defender'),
    terrain,
    rules: { battle, units, territory },
    seed,
  });
  const summaryOfBattle: BattleSummary = {
    terrain,
    attacker: summary(context, 'attacker', result.attacker),
    defender: summary(context, 'defender', result.defender),
  };
  return {
    winner: result.winner,
    ref,
    demanded: result.spoilsTaken,
    territory: result.territory,
    battle: summaryOfBattle,
    collected: null,
    received: null,
    lost: null,
  };
}

/** What the loser paid, split into what the winner's storage takes and what is lost. */
export function pay(context: WarContext, settlement: Settlement, collected: Resources): Settlement {
  const winner = sideOf(context, settlement.winner);
  const { received, lost } = capTransfer(collected, winner.resources, winner.storageCap);
  return { ...settlement, collected, received, lost };
}

/** Casualties of one side: none after a surrender. */
export function casualtiesOf(settlement: Settlement, role: Role) {
  return settlement.battle === null ? NO_UNITS : settlement.battle[role].casualties;
}
