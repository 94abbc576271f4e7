// The battle (or surrender) and its tribute, as pure functions of the war's
// context: resolveBattle/drawTerrain from actors/rules with the message seed
// (each side the principal's army plus its supporters'; each nation's
// casualties from its own army), then the tribute the loser pays capped by the winner's storage as mustered
// (capTransfer), the excess being the sink `spoils_lost`.
import type { GameRules } from '../common/game-rules.ts';
import {
  capTransfer,
  casualties,
  drawTerrain,
  floorAmount,
  mapResources,
  mapUnits,
  NO_UNITS,
  resolveBattle,
  territoryWon,
  type Resources,
  type Role,
  type Side,
  type SideOutcome,
  type Units,
} from '../rules/index.ts';
import {
  nationOf,
  supportersIn,
  otherRole,
  SILENT_SIDE,
  type BattleSummary,
  type MusteredSide,
  type Settlement,
  type SideSummary,
  type Supporter,
  type SupporterSummary,
  type WarContext,
} from './context.ts';

/** A principal's army as it mustered, or nothing when it never answered. */
const musteredSide = (context: WarContext, role: Role): MusteredSide => context.sides[role] ?? SILENT_SIDE;

const supportersOf = (context: WarContext, role: Role): readonly Supporter[] => supportersIn(context).filter((supporter) => supporter.role === role);

/**
 * The side that fights: the principal's army with its supporters' armies
 * added, its stance, and one ally of support for each supporter that
 * mustered. Resources and storage stay the principal's: only the principals
 * pay and take tribute.
 */
function fightingSide(context: WarContext, role: Role): Side {
  const principal = musteredSide(context, role);
  const mustered = supportersOf(context, role).flatMap((supporter) => (supporter.side === null ? [] : [supporter.side]));
  const units = mapUnits((unit) => mustered.reduce((sum, side) => sum + side.units[unit], principal.units[unit]));
  return { ...principal, units, allies: mustered.length };
}

function summary(context: WarContext, role: Role, outcome: SideOutcome, won: boolean, rules: GameRules): SideSummary {
  const principal = musteredSide(context, role);
  const { battle } = rules.balance;
  const own = casualties(principal.units, won, battle);
  const supporters = supportersOf(context, role).map((supporter): SupporterSummary => {
    const units = supporter.side?.units ?? NO_UNITS;
    return { nation: supporter.nation, name: supporter.name, units, casualties: casualties(units, won, battle), absent: supporter.side === null };
  });
  return {
    nation: nationOf(context, role),
    units: principal.units,
    stance: principal.stance,
    allies: supporters.filter((supporter) => !supporter.absent).length,
    absent: context.sides[role] === null,
    base: outcome.base,
    modifier: outcome.modifier,
    variance: outcome.variance,
    strength: outcome.final,
    casualties: own,
    survivors: mapUnits((unit) => principal.units[unit] - own[unit]),
    supporters,
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
    const loser = musteredSide(context, context.surrenderedBy);
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
    attacker: fightingSide(context, 'attacker'),
    defender: fightingSide(context, 'defender'),
    terrain,
    rules: { battle, units, territory },
    seed,
  });
  const summaryOfBattle: BattleSummary = {
    terrain,
    attacker: summary(context, 'attacker', result.attacker, result.winner === 'attacker', rules),
    defender: summary(context, 'defender', result.defender, result.winner === 'defender', rules),
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
  const winner = musteredSide(context, settlement.winner);
  const { received, lost } = capTransfer(collected, winner.resources, winner.storageCap);
  return { ...settlement, collected, received, lost };
}

/** A nation's own casualties, principal or supporter: none after a surrender. */
export function casualtiesOf(settlement: Settlement, role: Role, nation: string): Units {
  if (settlement.battle === null) return NO_UNITS;
  const side = settlement.battle[role];
  if (side.nation === nation) return side.casualties;
  return side.supporters.find((supporter) => supporter.nation === nation)?.casualties ?? NO_UNITS;
}
