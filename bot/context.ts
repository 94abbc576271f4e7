// What every command handler is given: the game, the lookups, the boards,
// moderation, config and the clock. Built once per bot (bot/role.ts).
import type { Config } from '../config/index.ts';
import type { LeaderboardStore, OverlayRevocations } from '../storage/index.ts';
import type { Directory } from './directory.ts';
import type { Game } from './game.ts';
import type { Moderation } from './moderation.ts';
import type { CommandModule } from './types.ts';

export interface BotContext {
  readonly game: Game;
  readonly directory: Directory;
  readonly leaderboards: LeaderboardStore;
  readonly moderation: Moderation;
  /** Overlay links a nation revoked (`/overlay revoke`): the gateways refuse links issued before. */
  readonly overlays: Pick<OverlayRevocations, 'revoke'>;
  readonly config: Config;
  /** Discord user ids allowed to ban, unban and steer the season. */
  readonly botAdmins: ReadonlySet<string>;
  now(): number;
}

export type BotCommand = CommandModule<BotContext>;
