// The storage/ folder's public surface (STYLE.md 9): what other folders import.
export { StorageError, StorageErrorCodes } from './errors.ts';
export { MemoryFlagStore, RedisFlagStore } from './flag-store.ts';
export type { FlagState, FlagStore } from './flag-store.ts';
export { loadFeedCursor, saveFeedCursor } from './feed-cursor.ts';
export { gatewayKeys, incidentKey, notificationsKey, queuePrefix, replyStreamKey, schedulerKeys, telemetryKey } from './keys.ts';
export { MemoryLeaderboards, RedisLeaderboards } from './leaderboards.ts';
export type { BoardRow, LeaderboardStore } from './leaderboards.ts';
export { MemoryShardStore } from './memory-shard-store.ts';
export { closeRedis } from './redis-close.ts';
export { MemorySchedulerState, RedisSchedulerState } from './scheduler-state.ts';
export type { ScheduleRun, SchedulerStateStore } from './scheduler-state.ts';
export { createActorStateRepo, createOpsRepo, createOverlayRevocations, migrate, openDatabase } from './postgres/index.ts';
export type { ActorMatch, ActorRow, ActorStateRepo, AuditEntry, AuditRow, Database, GameFigures, OpsRepo, OverlayRevocations } from './postgres/index.ts';
export { createRedisShardStore } from './redis-shard-store.ts';
export type { CommitStep, InboxEntry, ReplyTarget, ShardStore, ShardStreamEntry, StreamEntry } from './shard-store.ts';
export { flushOnce } from './write-behind.ts';
export type { FlushReport } from './write-behind.ts';
