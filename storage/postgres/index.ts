// PostgreSQL side of storage/: connect (server or embedded PGlite), migrate,
// and the actor state repository.
export { openDatabase } from './connect.ts';
export type { Database, OpenDatabaseOptions } from './connect.ts';
export { migrate, listMigrations, migrationsDir } from './migrate.ts';
export type { MigrateOptions, MigrationFile } from './migrate.ts';
export { createActorStateRepo } from './actor-state-repo.ts';
export type { ActorRow, ActorStateRepo, ActorTimers, MessageRow, MessagesQuery } from './actor-state-repo.ts';
export { createOpsRepo } from './ops-repo.ts';
export type { ActorMatch, AuditEntry, AuditRow, GameFigures, OpsRepo } from './ops-repo.ts';
export { createOverlayRevocations } from './overlay-revocations.ts';
export type { OverlayRevocations } from './overlay-revocations.ts';
