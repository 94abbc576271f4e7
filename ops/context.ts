// Everything the console's routes and pages work with, built once by the role.
import type { Logger } from 'pino';
import type { Config } from '../config/index.ts';
import type { Clock, KindRegistry } from '../runtime/index.ts';
import type { OpsRepo, ShardStore } from '../storage/index.ts';
import type { Logouts } from './auth/logouts.ts';
import type { Operators } from './auth/operators.ts';
import type { FailureLimiter } from './auth/rate-limit.ts';
import type { ActorAdmin } from './services/actor-admin.ts';
import type { ActorReader } from './services/actor-reader.ts';
import type { AlertMonitor } from './services/alerts.ts';
import type { DeadLetters } from './services/dead-letters.ts';
import type { FlagService } from './services/flags.ts';
import type { GameMetrics } from './services/game-metrics.ts';
import type { QueueInspector } from './services/queues.ts';
import type { TelemetryReader } from './services/telemetry.ts';

export interface OpsContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly store: ShardStore;
  readonly kinds: KindRegistry;
  readonly repo: OpsRepo;
  readonly operators: Operators;
  /** Sessions ended by logging out, shared by every ops process. */
  readonly logouts: Logouts;
  readonly limiter: FailureLimiter;
  readonly reader: ActorReader;
  readonly admin: ActorAdmin;
  readonly flags: FlagService;
  readonly deadLetters: DeadLetters;
  readonly queues: QueueInspector;
  readonly alerts: AlertMonitor;
  readonly telemetry: TelemetryReader;
  readonly game: GameMetrics;
  /** How often a watching page is told of a new actor version. */
  readonly watchIntervalMs: number;
  /** True when the process runs embedded backends (no Redis, PGlite). */
  readonly embedded: boolean;
}
