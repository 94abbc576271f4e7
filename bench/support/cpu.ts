// CPU time of the processes a bench shares the machine with, read from Linux's
// /proc: what each one spends per message, and how busy all the cores were.
// On a 2-core machine the node, Redis, PostgreSQL and the bench's own client
// compete for the same cores, so a latency figure means little without it.
import { cpus } from 'node:os';
import { readFileSync, readdirSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { redisCounters } from './streams.ts';

/** Clock ticks per second of /proc/<pid>/stat: USER_HZ, 100 on every Linux userspace ABI. */
const USER_HZ = 100;

/** User + system CPU seconds of one process (all its threads), or undefined when /proc cannot tell. */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    return ticksOf(readFileSync(`/proc/${pid}/stat`, 'utf8')) / USER_HZ;
  } catch {
    return undefined;
  }
}

/** CPU seconds of every process named `name` on this machine (e.g. PostgreSQL's backends), or undefined without /proc. */
export function cpuSecondsOfProcesses(name: string): number | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return undefined;
  }
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === name) ticks += ticksOf(stat);
    } catch {
      // Gone between the listing and the read.
    }
  }
  return ticks / USER_HZ;
}

function ticksOf(stat: string): number {
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** Busy and total CPU milliseconds summed over all cores since boot. */
export function machineCpuMs(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    const all = times.user + times.nice + times.sys + times.idle + times.irq;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
}

/** CPU so far of each part a request/reply phase runs on: node, Redis, PostgreSQL, this client, all cores. */
export interface LatencyCpu {
  readonly node: number | undefined;
  /** Redis's CPU, and its counters by command for the phase's "by command" line. */
  readonly redis: Awaited<ReturnType<typeof redisCounters>>;
  readonly postgres: number | undefined;
  readonly client: number;
  readonly machine: { busy: number; total: number };
}

/**
 * CPU seconds so far of each part the latency phase runs on. PostgreSQL's are
 * read off this machine's processes, so only when it runs here.
 */
export async function latencyCpu(nodePid: number | undefined, redis: Redis, databaseUrl: string): Promise<LatencyCpu> {
  const client = process.cpuUsage();
  const postgresHere = /@(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(databaseUrl);
  return {
    node: nodePid === undefined ? undefined : processCpuSeconds(nodePid),
    redis: await redisCounters(redis),
    postgres: postgresHere ? cpuSecondsOfProcesses('postgres') : undefined,
    client: (client.user + client.system) / 1e6,
    machine: machineCpuMs(),
  };
}

/** What each part spent per request between two readings, and how busy the cores were. */
export function perRequest(before: LatencyCpu, after: LatencyCpu, requests: number): { us: Record<string, number | null>; machineBusy: number } {
  const us = (from: number | undefined, to: number | undefined): number | null =>
    from === undefined || to === undefined ? null : Math.round(((to - from) * 1e6) / requests);
  return {
    us: {
      node: us(before.node, after.node),
      redis: us(before.redis.cpu, after.redis.cpu),
      postgres: us(before.postgres, after.postgres),
      client: us(before.client, after.client),
    },
    machineBusy: (after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total),
  };
}
