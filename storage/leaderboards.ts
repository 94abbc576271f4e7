// Leaderboards (GAME.md: power, military, resources, territory, reputation,
// wars won) as Redis sorted sets, fed by the projection of nations' public
// stats events; an in-memory twin for the embedded mode passes the same
// contract tests. Updates carry absolute values, so applying one twice, or
// an older one again before the newer, ends in the same boards. The store also
// keeps the projection's cursor (storage/projections/), moved in the same
// atomic step as the batch it covers and fenced by the writer's epoch.
import { Redis } from 'ioredis';
import { leaderboardCursorKey, leaderboardKey, leaderboardNamesKey, leaderboardWriterKey } from './keys.ts';
import { closeRedis } from './redis-close.ts';
import { scriptError } from './errors.ts';
import { runScript } from './scripts.ts';

/** The six boards of GAME.md; the names are the fields of a nation's `nationStats`. */
export const BOARDS = ['power', 'military', 'resources', 'territory', 'reputation', 'wars_won'] as const;
export type BoardName = (typeof BOARDS)[number];

export interface BoardUpdate {
  /** The ranked actor's address, e.g. nation:123. */
  readonly member: string;
  readonly name: string;
  /** Board → value. Boards not listed are left as they are. */
  readonly scores: Readonly<Record<string, number>>;
  /** Hidden members (inactive nations) are taken off every board but stay in the directory. */
  readonly hidden: boolean;
}

export interface BoardRow {
  readonly rank: number;
  readonly member: string;
  readonly name: string;
  readonly score: number;
}

export interface LeaderboardStore {
  readonly description: string;
  /** The boards it keeps. */
  readonly boards: readonly string[];
  /** Applies updates in order. */
  update(updates: readonly BoardUpdate[]): Promise<void>;
  /** Highest first; rank 1 is the top. */
  top(board: string, limit: number, offset?: number): Promise<BoardRow[]>;
  /** A member's row, or null when it is not on the board. */
  rank(board: string, member: string): Promise<BoardRow | null>;
  size(board: string): Promise<number>;
  /** Every member ever updated (the directory periodic jobs fan out to). */
  members(): Promise<string[]>;
  /** The projection's cursor: shard → id of the last public event applied (empty before the first batch). */
  loadCursor(): Promise<Map<number, string>>;
  /**
   * Applies `updates` and records `positions` in the cursor in one atomic step,
   * as the writer of `epoch`; a writer with an older epoch than one already
   * seen is refused and changes nothing. Resolves to false when refused.
   */
  applyBatch(updates: readonly BoardUpdate[], positions: ReadonlyMap<number, string>, epoch: number): Promise<boolean>;
  close(): Promise<void>;
}

export class MemoryLeaderboards implements LeaderboardStore {
  readonly description = 'in-memory leaderboards';
  readonly #boards = new Map<string, Map<string, number>>();
  readonly #names = new Map<string, string>();
  readonly #cursor = new Map<number, string>();
  #writer = 0;

  constructor(readonly boards: readonly string[]) {
    for (const board of boards) this.#boards.set(board, new Map());
  }

  async update(updates: readonly BoardUpdate[]): Promise<void> {
    for (const update of updates) {
      this.#names.set(update.member, update.name);
      for (const [board, scores] of this.#boards) {
        if (update.hidden) scores.delete(update.member);
        else if (update.scores[board] !== undefined) scores.set(update.member, update.scores[board]);
      }
    }
  }

  #sorted(board: string): [string, number][] {
    // Redis orders equal scores by member, descending, under ZREVRANGE; so does this.
    return [...(this.#boards.get(board) ?? new Map<string, number>())].sort(([a, x], [b, y]) => y - x || (a < b ? 1 : a > b ? -1 : 0));
  }

  async top(board: string, limit: number, offset = 0): Promise<BoardRow[]> {
    return this.#sorted(board)
      .slice(offset, offset + limit)
      .map(([member, score], i) => ({ rank: offset + i + 1, member, name: this.#names.get(member) ?? member, score }));
  }

  async rank(board: string, member: string): Promise<BoardRow | null> {
    const index = this.#sorted(board).findIndex(([candidate]) => candidate === member);
    if (index < 0) return null;
    const score = this.#boards.get(board)!.get(member)!;
    return { rank: index + 1, member, name: this.#names.get(member) ?? member, score };
  }

  async size(board: string): Promise<number> {
    return this.#boards.get(board)?.size ?? 0;
  }

  async members(): Promise<string[]> {
    return [...this.#names.keys()];
  }

  async loadCursor(): Promise<Map<number, string>> {
    return new Map(this.#cursor);
  }

  async applyBatch(updates: readonly BoardUpdate[], positions: ReadonlyMap<number, string>, epoch: number): Promise<boolean> {
    if (epoch < this.#writer) return false;
    this.#writer = epoch;
    await this.update(updates);
    for (const [shard, id] of positions) this.#cursor.set(shard, id);
    return true;
  }

  async close(): Promise<void> {}
}

/** Updates per lbApply script call. */
const APPLY_SLICE = 500;

export class RedisLeaderboards implements LeaderboardStore {
  readonly description = 'Redis sorted sets';
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(url: string, prefix: string, readonly boards: readonly string[]) {
    this.#redis = new Redis(url, { enableAutoPipelining: true, maxRetriesPerRequest: 3 });
    this.#redis.on('error', () => {});
    this.#prefix = prefix;
  }

  async update(updates: readonly BoardUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    const multi = this.#redis.multi();
    for (const update of updates) {
      multi.hset(leaderboardNamesKey(this.#prefix), update.member, update.name);
      for (const board of this.boards) {
        const key = leaderboardKey(this.#prefix, board);
        const score = update.scores[board];
        if (update.hidden) multi.zrem(key, update.member);
        else if (score !== undefined) multi.zadd(key, score, update.member);
      }
    }
    await multi.exec();
  }

  async #named(pairs: string[], offset: number): Promise<BoardRow[]> {
    const members = pairs.filter((_, i) => i % 2 === 0);
    if (members.length === 0) return [];
    const names = await this.#redis.hmget(leaderboardNamesKey(this.#prefix), ...members);
    return members.map((member, i) => ({ rank: offset + i + 1, member, name: names[i] ?? member, score: Number(pairs[i * 2 + 1]) }));
  }

  async top(board: string, limit: number, offset = 0): Promise<BoardRow[]> {
    if (limit <= 0) return [];
    const pairs = await this.#redis.zrevrange(leaderboardKey(this.#prefix, board), offset, offset + limit - 1, 'WITHSCORES');
    return this.#named(pairs, offset);
  }

  async rank(board: string, member: string): Promise<BoardRow | null> {
    const key = leaderboardKey(this.#prefix, board);
    const [index, score] = await Promise.all([this.#redis.zrevrank(key, member), this.#redis.zscore(key, member)]);
    if (index === null || score === null) return null;
    const name = await this.#redis.hget(leaderboardNamesKey(this.#prefix), member);
    return { rank: index + 1, member, name: name ?? member, score: Number(score) };
  }

  async size(board: string): Promise<number> {
    return this.#redis.zcard(leaderboardKey(this.#prefix, board));
  }

  async members(): Promise<string[]> {
    return this.#redis.hkeys(leaderboardNamesKey(this.#prefix));
  }

  async loadCursor(): Promise<Map<number, string>> {
    const saved = await this.#redis.hgetall(leaderboardCursorKey(this.#prefix));
    return new Map(Object.entries(saved).filter(([shard]) => /^\d+$/.test(shard)).map(([shard, id]) => [Number(shard), id]));
  }

  async applyBatch(updates: readonly BoardUpdate[], positions: ReadonlyMap<number, string>, epoch: number): Promise<boolean> {
    // A feed batch can hold thousands of nations (500 events per shard): it goes in
    // slices so no one script holds Redis for long. The cursor rides on the last
    // slice; a crash between slices repeats the earlier ones, which is harmless.
    for (let start = 0; start < updates.length || start === 0; start += APPLY_SLICE) {
      const slice = updates.slice(start, start + APPLY_SLICE);
      const last = start + APPLY_SLICE >= updates.length;
      if (!(await this.#applySlice(slice, last ? positions : new Map(), epoch))) return false;
      if (last) break;
    }
    return true;
  }

  async #applySlice(updates: readonly BoardUpdate[], positions: ReadonlyMap<number, string>, epoch: number): Promise<boolean> {
    const args: (string | number)[] = [epoch, leaderboardKey(this.#prefix, ''), this.boards.length, ...this.boards, positions.size];
    for (const [shard, id] of positions) args.push(shard, id);
    args.push(updates.length);
    for (const update of updates) {
      args.push(update.member, update.name, update.hidden ? '1' : '0');
      for (const board of this.boards) args.push(update.scores[board] === undefined ? '' : String(update.scores[board]));
    }
    const keys = [leaderboardWriterKey(this.#prefix), leaderboardNamesKey(this.#prefix), leaderboardCursorKey(this.#prefix)];
    const reply = await runScript(this.#redis, 'lbApply', keys, args);
    if (reply === 1) return true;
    if (reply === -1) return false;
    throw scriptError('lbApply', Number(reply));
  }

  async close(): Promise<void> {
    await closeRedis(this.#redis);
  }
}
