// The conservation check of DESIGN §10.4 over a GameWorld (docs/game-protocol.md
// "Conservation"): it reads every step's `record` rows to resource_transactions
// and, after every delivered message, asserts
//   1. every row's reason is a known source, sink or movement, sources add and
//      sinks take away, and only a nation records a movement (market and war
//      record only what they destroy, on their own address);
//   2. each nation's balance is exactly the sum of the rows it recorded — every
//      change is a transaction — and never negative;
//   3. per resource: Σ nations + escrow (what market:global holds) + in flight
//      (amounts carried by queued messages) = Σ sources − Σ sinks.
// Since each nation's balance is the sum of its rows, 3 says the movements
// (and the sinks market and war take out of them) net to what escrow and the
// queue hold: zero once nothing is held or in flight.
import type { ResourceType } from '../../../config/index.ts';
import type { GameRules } from '../../../actors/common/game-rules.ts';
import { escrowHeld, type MarketContext } from '../../../actors/market/index.ts';
import type { NationContext } from '../../../actors/nation/index.ts';
import type { WarContext } from '../../../actors/war/index.ts';
import type { Envelope } from '../../../runtime/envelope.ts';
import type { Delivery, GameWorld } from './game-world.ts';

export const RESOURCE_TYPES = ['gold', 'food', 'materials'] as const satisfies readonly ResourceType[];
type Amounts = Record<ResourceType, number>;
const zero = (): Amounts => ({ gold: 0, food: 0, materials: 0 });

/** Create resources: registration's starting stock, generation, returns, loans. */
export const SOURCES: ReadonlySet<string> = new Set(['starting', 'generation', 'investment_return', 'loan_principal']);
/** Destroy them. */
export const SINKS: ReadonlySet<string> = new Set([
  'upkeep',
  'build',
  'recruit',
  'mission_cost',
  'market_fee',
  'spoils_lost',
  'loan_repayment',
  'season_reset',
]);
/** Move them between a nation and escrow, or between nations. */
export const MOVEMENTS: ReadonlySet<string> = new Set([
  'trade_escrow',
  'trade_settled',
  'market_escrow',
  'market_sale',
  'market_purchase',
  'spoils',
  'tribute',
  'theft',
  'investment',
  'refund',
]);

/** Events that name amounts without carrying them (requests, reports). */
const CARRY_NOTHING: ReadonlySet<string> = new Set(['collect', 'loan', 'mustered', 'battleResult']);
const AMOUNT_FIELDS = ['resources', 'give', 'stolen', 'amount', 'quantity', 'spoils'];

export class ConservationError extends Error {}

export class Ledger {
  readonly #currency: ResourceType;
  /** Σ rows each nation recorded, by address. */
  readonly #byNation = new Map<string, Amounts>();
  readonly #byReason = new Map<string, Amounts>();
  /** Σ source rows + Σ sink rows (sinks are negative). */
  readonly #net = zero();
  /** `payer|ref` of collections asked with a sink reason: the payer recorded the sink, the answer carries nothing. */
  readonly #sinkCollections = new Set<string>();

  constructor(rules: GameRules) {
    this.#currency = rules.balance.economy.currency;
  }

  /** Counts of rows by reason so far (how much of the game a run reached). */
  reasons(): Map<string, Amounts> {
    return this.#byReason;
  }

  observe(delivery: Delivery): void {
    const { envelope, result } = delivery;
    if (result.outcome !== 'applied') return;
    if (envelope.event.type === 'collect' && SINKS.has(String(envelope.event.reason))) {
      this.#sinkCollections.add(`${envelope.to}|${String(envelope.event.ref)}`);
    }
    for (const record of result.records) {
      if (record.table !== 'resource_transactions') continue;
      this.#row(envelope.to, record.row);
    }
  }

  #row(recorder: string, row: Record<string, unknown>): void {
    const { nation, resource, delta, reason } = row as { nation: string; resource: ResourceType; delta: number; reason: string };
    const where = `${recorder} recorded ${JSON.stringify(row)}`;
    if (!RESOURCE_TYPES.includes(resource) || !Number.isInteger(delta) || delta === 0) fail(`${where}: not a whole non-zero amount of a resource`);
    if (nation !== recorder) fail(`${where}: an actor records only its own transactions`);
    const isSource = SOURCES.has(reason);
    const isSink = SINKS.has(reason);
    if (!isSource && !isSink && !MOVEMENTS.has(reason)) fail(`${where}: reason "${reason}" is neither a source, a sink nor a movement`);
    if (isSource && delta < 0) fail(`${where}: a source cannot take away`);
    if (isSink && delta > 0) fail(`${where}: a sink cannot add`);
    if (!recorder.startsWith('nation:') && !isSink) fail(`${where}: market and war actors record only sinks`);
    if (recorder.startsWith('nation:')) add(this.#byNation, recorder, resource, delta);
    add(this.#byReason, reason, resource, delta);
    if (isSource || isSink) this.#net[resource] += delta;
  }

  /** What a queued message carries: out of its sender, not yet in its receiver. */
  carried(envelope: Envelope): Amounts {
    const event = envelope.event as Record<string, unknown> & { type: string };
    const amounts = zero();
    const put = (partial: unknown) => {
      for (const type of RESOURCE_TYPES) amounts[type] += Number((partial as Partial<Amounts> | undefined)?.[type] ?? 0);
    };
    switch (event.type) {
      case 'openTrade':
        put(event.give);
        break;
      case 'list':
        put({ [String(event.resource)]: event.quantity });
        break;
      case 'deposit':
        put({ [this.#currency]: event.amount });
        break;
      case 'credit':
        // A source is created (and recorded) by the receiver when it applies the credit.
        if (SINKS.has(String(event.reason))) fail(`a credit with the sink reason ${String(event.reason)}: ${JSON.stringify(event)}`);
        if (!SOURCES.has(String(event.reason))) put(event.resources);
        break;
      case 'collected':
        // The payer recorded a repayment as destroyed when it paid.
        if (!this.#sinkCollections.has(`${envelope.from}|${String(event.ref)}`)) put(event.resources);
        break;
      case 'missionOutcome':
        put(event.stolen);
        break;
      default:
        if (!CARRY_NOTHING.has(event.type) && AMOUNT_FIELDS.some((field) => field in event)) {
          fail(`${event.type} names amounts but the ledger does not know whether it carries them: classify it`);
        }
    }
    return amounts;
  }

  /** Asserts the three invariants on the world as it is now. */
  check(world: GameWorld, nations: readonly string[]): void {
    const total = zero();
    for (const address of nations) {
      const context = world.context<NationContext>(address);
      if (!context?.registered) continue;
      const recorded = this.#byNation.get(address) ?? zero();
      for (const type of RESOURCE_TYPES) {
        const held = context.resources[type];
        if (!Number.isInteger(held) || held < 0) fail(`${address} holds ${held} ${type}`);
        if (held !== recorded[type]) fail(`${address} holds ${held} ${type} but its transactions add up to ${recorded[type]}`);
        total[type] += held;
      }
    }
    const market = world.context<MarketContext>('market:global');
    const escrow = market ? escrowHeld(market, this.#currency) : zero();
    for (const address of world.addresses()) if (address.startsWith('war:')) checkWar(address, world.context<WarContext>(address)!);
    const inFlight = zero();
    for (const envelope of world.queued) {
      const carried = this.carried(envelope);
      for (const type of RESOURCE_TYPES) inFlight[type] += carried[type];
    }
    for (const type of RESOURCE_TYPES) {
      if (escrow[type] < 0) fail(`the market holds ${escrow[type]} ${type}`);
      const custody = total[type] + escrow[type] + inFlight[type];
      if (custody !== this.#net[type]) {
        fail(
          `${type}: nations ${total[type]} + escrow ${escrow[type]} + in flight ${inFlight[type]} = ${custody}, ` +
            `but sources − sinks = ${this.#net[type]}\nby reason: ${this.describeReasons()}`,
        );
      }
    }
  }

  describeReasons(): string {
    return [...this.#byReason].map(([reason, amounts]) => `${reason} ${JSON.stringify(amounts)}`).join('; ');
  }
}

/** A war holds tribute only within the step that receives it: all of it is credited or destroyed there. */
function checkWar(address: string, context: WarContext): void {
  const settlement = context.settlement;
  if (settlement?.collected == null) return;
  for (const type of RESOURCE_TYPES) {
    const split = (settlement.received?.[type] ?? 0) + (settlement.lost?.[type] ?? 0);
    if (split !== settlement.collected[type]) fail(`${address} collected ${settlement.collected[type]} ${type} but passed on ${split}`);
  }
}

function add(sums: Map<string, Amounts>, key: string, resource: ResourceType, delta: number): void {
  const amounts = sums.get(key) ?? zero();
  amounts[resource] += delta;
  sums.set(key, amounts);
}

function fail(message: string): never {
  throw new ConservationError(message);
}
