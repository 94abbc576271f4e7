// One measured open-loop phase: the requests' latencies, the CPU each process
// spent per request meanwhile and how busy the cores were, summed up the way
// the runtime bench reports its phases (its own and the raw ceiling's).
import type { Redis } from 'ioredis';
import { latencyCpu, perRequest } from './cpu.ts';
import { openLoop, percentile, type OpenLoopResult, type Outcome } from './open-loop.ts';
import { describeRedis } from './streams.ts';

/** `value` to `digits` decimals, as the bench's JSON gives its figures. */
export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/** What a phase's JSON point says of it, whoever answered its requests. */
export interface PhaseSummary {
  readonly offered_per_s: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly failed_requests: number;
  readonly machine_busy: number;
}

export interface MeasuredPhase {
  readonly phase: OpenLoopResult;
  readonly cpu: ReturnType<typeof perRequest>;
  /** Redis's CPU and its busiest commands over the phase, for the log. */
  readonly redisUse: string;
  readonly summary: PhaseSummary;
}

/**
 * `offered` requests a second for `seconds`; `serverPid` is the process that
 * answers them (reported as `node`), `databaseUrl` says whether PostgreSQL's
 * CPU can be read on this machine.
 */
export async function measuredPhase(
  request: (index: number) => Promise<Outcome>,
  serverPid: number | undefined,
  redis: Redis,
  databaseUrl: string,
  offered: number,
  seconds: number,
): Promise<MeasuredPhase> {
  const before = await latencyCpu(serverPid, redis, databaseUrl);
  const phase = await openLoop(request, offered, seconds);
  const after = await latencyCpu(serverPid, redis, databaseUrl);
  const cpu = perRequest(before, after, phase.sent);
  return {
    phase,
    cpu,
    redisUse: describeRedis(before.redis, after.redis, phase.sent),
    summary: {
      offered_per_s: Math.round(offered),
      p50_ms: round(percentile(phase.latencies, 50)),
      p99_ms: round(percentile(phase.latencies, 99)),
      failed_requests: phase.failures,
      machine_busy: round(cpu.machineBusy),
    },
  };
}

/** "node 41 µs, redis 37 µs, …" */
export const describeCpu = (us: Record<string, number | null>): string =>
  Object.entries(us)
    .map(([name, value]) => `${name} ${value ?? '?'} µs`)
    .join(', ');
