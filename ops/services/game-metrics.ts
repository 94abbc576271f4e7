// The game's figures for operators: active nations, daily active players,
// wars and alliances per day, resources generated (from PostgreSQL, every
// half minute), and command latency and error rate across the cluster (from
// the processes' telemetry). Exported on this process's /metrics and kept as
// series for the console's charts.
import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import { sleep, withTimeout, type Clock } from '../../runtime/index.ts';
import type { GameFigures, OpsRepo } from '../../storage/index.ts';
import type { TelemetryReader } from './telemetry.ts';

const FIGURES_TIMEOUT_MS = 3_000;

export interface FigurePoint extends GameFigures {
  readonly at: number;
}

const KEEP = 240;

export class GameMetrics {
  readonly #repo: OpsRepo;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #points: FigurePoint[] = [];
  readonly #abort = new AbortController();
  #loop: Promise<void> | undefined;

  constructor(options: { repo: OpsRepo; clock: Clock; logger: Logger; registry: Registry; telemetry: TelemetryReader }) {
    this.#repo = options.repo;
    this.#clock = options.clock;
    this.#logger = options.logger;
    const latest = (): FigurePoint | undefined => this.#points.at(-1);
    const gauge = (name: string, help: string, read: () => number | undefined): void => {
      new Gauge({
        name,
        help,
        registers: [options.registry],
        collect() {
          const value = read();
          if (value !== undefined) this.set(value);
        },
      });
    };
    gauge('game_active_nations', 'Registered nations in the active state', () => latest()?.activeNations);
    gauge('game_daily_active_players', 'Distinct players who sent a command in the last 24 h', () => latest()?.dailyActivePlayers);
    gauge('game_wars_per_day', 'Wars declared in the last 24 h', () => latest()?.warsPerDay);
    gauge('game_alliances_per_day', 'Alliances proposed in the last 24 h', () => latest()?.alliancesPerDay);
    new Gauge({
      name: 'game_resources_generated_per_day',
      help: 'Resources generated (hourly generation) in the last 24 h, by resource',
      labelNames: ['resource'],
      registers: [options.registry],
      collect: () => {
        const point = latest();
        if (!point) return;
        const gauge = options.registry.getSingleMetric('game_resources_generated_per_day') as Gauge<'resource'>;
        for (const [resource, amount] of Object.entries(point.resourcesGenerated)) gauge.set({ resource }, amount);
      },
    });
    gauge('game_cluster_command_error_ratio', 'Share of commands across the cluster refused, timed out or failed (last 10 s)', () => options.telemetry.latest()?.errorRatio);
    gauge('game_cluster_command_latency_p95_seconds', '95th percentile of command latency across the cluster (last 10 s)', () => options.telemetry.latest()?.latencyP95 ?? undefined);
    gauge('runtime_cluster_messages_per_second', 'Messages processed per second by every runtime node (last 10 s)', () => options.telemetry.latest()?.messagesPerSecond);
  }

  start(intervalMs = 30_000): this {
    this.#loop = (async () => {
      while (!this.#abort.signal.aborted) {
        await this.refresh();
        await sleep(intervalMs, this.#abort.signal);
      }
    })();
    return this;
  }

  /** Reads the figures now; a PostgreSQL outage leaves the last ones (the alerts say why). */
  async refresh(): Promise<FigurePoint | undefined> {
    try {
      const at = this.#clock.now();
      // Bounded: a query stuck on a dead connection would hold up the loop and the role's stop.
      const point = { at, ...(await withTimeout(this.#repo.gameFigures(at), FIGURES_TIMEOUT_MS, 'PostgreSQL')) };
      this.#points.push(point);
      if (this.#points.length > KEEP) this.#points.shift();
      return point;
    } catch (error) {
      this.#logger.warn({ err: error }, 'game figures unavailable');
      return undefined;
    }
  }

  series(): readonly FigurePoint[] {
    return this.#points;
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
  }
}
