// Reads what a room's view is built from — actor state straight from the live
// store (read-only: nothing goes through an actor's mailbox) and the
// leaderboards — and builds the view (views.ts).
import type { Balance } from '../config/index.ts';
import { shardOf } from '../runtime/index.ts';
import type { LeaderboardStore, ShardStore } from '../storage/index.ts';
import type { Room } from './rooms.ts';
import { nationView, warView, type ActorState, type RoomView } from './views.ts';

export const DEFAULT_BOARD_LIMIT = 10;
export const MAX_BOARD_LIMIT = 50;
const MAX_NAMED_WARS = 8;

export interface ViewSourceOptions {
  readonly store: ShardStore;
  readonly shards: number;
  readonly leaderboards: LeaderboardStore;
  readonly balance: Pick<Balance, 'units' | 'power_score'>;
}

export class ViewSource {
  readonly #options: ViewSourceOptions;

  constructor(options: ViewSourceOptions) {
    this.#options = options;
  }

  /** An actor's state value and context, or null when the live store has no such actor. */
  async actor(address: string): Promise<ActorState | null> {
    const { store, shards } = this.#options;
    const stored = (await store.load(shardOf(address, shards), [address])).get(address);
    if (!stored) return null;
    try {
      const parsed = JSON.parse(stored.state) as { snapshot?: { value?: unknown; context?: Record<string, unknown> } };
      return { value: parsed.snapshot?.value ?? null, context: parsed.snapshot?.context ?? {} };
    } catch {
      return null;
    }
  }

  async view(room: Room, limit = DEFAULT_BOARD_LIMIT): Promise<RoomView> {
    const { balance, leaderboards } = this.#options;
    switch (room.kind) {
      case 'war': {
        const war = await this.actor(room.name);
        const aggressor = typeof war?.context.aggressor === 'string' ? war.context.aggressor : '';
        const defender = typeof war?.context.defender === 'string' ? war.context.defender : '';
        const [attacker, defending] = await Promise.all([aggressor ? this.actor(aggressor) : null, defender ? this.actor(defender) : null]);
        return warView(balance, room.id, war, attacker, defending);
      }
      case 'nation': {
        const view = nationView(balance, room.name, await this.actor(room.name));
        // Enemies by name for the card (its few open wars only).
        const wars = await Promise.all(
          view.wars.slice(0, MAX_NAMED_WARS).map(async (war) => {
            // A supporter's join not answered yet has no enemy.
            if (war.enemy === '') return war;
            const name = (await this.actor(war.enemy))?.context.name;
            return typeof name === 'string' ? { ...war, enemyName: name } : war;
          }),
        );
        return { ...view, wars: [...wars, ...view.wars.slice(MAX_NAMED_WARS)] };
      }
      case 'leaderboard': {
        const rows = await leaderboards.top(room.board, Math.min(limit, MAX_BOARD_LIMIT));
        return { kind: 'board', board: room.board, rows, size: await leaderboards.size(room.board) };
      }
      case 'global':
        return { kind: 'global' };
    }
  }
}
