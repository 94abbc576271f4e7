// `npm run bench -- players`: N simulated players issuing a realistic mix of
// commands through the bot's router (the very code Discord's interactions and
// the play page go through: bans, rate limits, options, permissions, the
// 3-second rule) into the runtime, open loop: each player sends a command at
// random intervals averaging --interval-ms (a human pace that stays within
// the per-user rate limit), so latency is measured at a stated load rather
// than at saturation. Latency is from the router receiving the interaction
// to the answer being handed to the platform.
// Flags: --players N (500) --guilds G (50) --seconds S (20) --interval-ms I (8000)
//        --real (Redis + PostgreSQL at REDIS_URL / DATABASE_URL, with the
//        runtime node in its own process as the Procfile deploys it, the bot
//        in this one; default: everything embedded in this process)
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { Redis } from 'ioredis';
import { parseArgs } from 'node:util';
import { Registry } from 'prom-client';
import { gameKinds, gameRules } from '../actors/index.ts';
import { createBotRole } from '../bot/index.ts';
import { recordingResponder } from '../bot/play/responder.ts';
import type { Actor, Incoming, OptionValue } from '../bot/types.ts';
import { loadConfig } from '../config/index.ts';
import { openBackends, type Backends } from '../runtime/backends.ts';
import { RuntimeClient } from '../runtime/client.ts';
import { HttpApp } from '../runtime/http.ts';
import { KindRegistry } from '../runtime/kinds.ts';
import { quietLogger, startHarness } from '../tests/support/runtime-harness.ts';
import { databaseUrl, dropKeys, freePort, redisUrl, uniqueName } from '../tests/support/services.ts';
import { runtimeNodeFlags } from '../tests/support/procfile.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Runtime {
  readonly backends: Backends;
  readonly client: RuntimeClient;
  readonly prefix: string;
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

/** Embedded: a node in this process. */
async function embeddedRuntime(): Promise<Runtime> {
  const harness = await startHarness({ backend: 'embedded', shards: 64, kinds: gameKinds(gameRules(loadConfig({ env: {} }))) });
  return { backends: harness.backends, client: harness.client, prefix: harness.prefix, env: {}, close: () => harness.close() };
}

/** Real: a runtime node process (bin/runtime.ts, Procfile flags) on a fresh schema and key prefix; the bot's backends here. */
async function realRuntime(): Promise<Runtime> {
  const schema = uniqueName('players');
  const prefix = `${schema}:`;
  const port = await freePort();
  const env = { REDIS_URL: redisUrl, DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema, KEY_PREFIX: prefix, SHARDS: '64', LOG_LEVEL: 'warn' };
  const child = spawn(process.execPath, [...runtimeNodeFlags(), '--import', 'tsx', 'bin/runtime.ts'], { cwd: root, env: { ...process.env, ...env, PORT: String(port), NODE_ID: 'bench-node' }, stdio: ['ignore', 'inherit', 'inherit'] });
  for (let i = 0; i < 240 && !(await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false)); i++) await new Promise((resolve) => setTimeout(resolve, 250));
  const config = loadConfig({ env });
  const backends = await openBackends({ env: config.env, logger: quietLogger, fireTimers: false, schema, prefix });
  const client = new RuntimeClient({ store: backends.store, prefix, shards: 64, timeoutMs: 15_000, name: 'bench-bot' });
  return {
    backends,
    client,
    prefix,
    env,
    async close() {
      await client.close();
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await backends.close();
      const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
      await sql.unsafe(`drop schema if exists ${schema} cascade`);
      await sql.end();
      const redis = new Redis(redisUrl);
      await dropKeys(redis, prefix);
      await redis.quit();
    },
  };
}

const log = (line: string): void => {
  process.stderr.write(`[bench players] ${line}\n`);
};

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The mix: mostly looking, some acting, as players do. */
const MIX: readonly { weight: number; command: string; subcommand?: string; options?: (guild: number) => Record<string, OptionValue> }[] = [
  { weight: 25, command: 'nation', subcommand: 'info' },
  { weight: 15, command: 'military', subcommand: 'status' },
  { weight: 15, command: 'military', subcommand: 'build', options: () => ({ unit: 'infantry', quantity: 1 }) },
  { weight: 10, command: 'leaderboard' },
  { weight: 10, command: 'citizen', subcommand: 'profile' },
  { weight: 8, command: 'war', subcommand: 'list' },
  { weight: 7, command: 'market', subcommand: 'list' },
  { weight: 5, command: 'military', subcommand: 'queue' },
  { weight: 5, command: 'help' },
];
const TOTAL_WEIGHT = MIX.reduce((sum, entry) => sum + entry.weight, 0);

function pick(): (typeof MIX)[number] {
  let roll = Math.random() * TOTAL_WEIGHT;
  for (const entry of MIX) {
    roll -= entry.weight;
    if (roll <= 0) return entry;
  }
  return MIX[0]!;
}

export async function main(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      players: { type: 'string', default: '500' },
      guilds: { type: 'string', default: '50' },
      seconds: { type: 'string', default: '20' },
      'interval-ms': { type: 'string', default: '8000' },
      real: { type: 'boolean', default: false },
    },
  });
  const players = Number(values.players);
  const guilds = Number(values.guilds);
  const seconds = Number(values.seconds);
  const intervalMs = Number(values['interval-ms']);

  const runtime = values.real ? await realRuntime() : await embeddedRuntime();
  const config = loadConfig({ env: { ...runtime.env, SHARDS: '64', KEY_PREFIX: runtime.prefix, LOG_LEVEL: 'silent' } });
  const registry = new Registry();
  const bot = await createBotRole({ play: false }).start({
    config,
    backends: runtime.backends,
    logger: quietLogger,
    app: new HttpApp({ registry, ready: () => true }),
    registry,
    client: runtime.client,
    kinds: new KindRegistry(gameKinds(gameRules(config))),
  });

  const base = 900_000_000_000_000_000n;
  const guildIds = Array.from({ length: guilds }, (_, i) => (base + BigInt(i) * 1000n).toString());
  const actors: Actor[] = Array.from({ length: players }, (_, i) => {
    const guildId = guildIds[i % guilds]!;
    return { userId: (base + 10_000_000n + BigInt(i)).toString(), guildId, channelId: guildId, canManageGuild: i < guilds };
  });
  const send = async (incoming: Incoming): Promise<{ ms: number; ok: boolean; text: string }> => {
    const { responder, answer } = recordingResponder();
    const started = performance.now();
    await bot.router.handle(incoming, responder);
    const ms = performance.now() - started;
    const text = answer.reply?.content ?? '';
    return { ms, ok: !text.startsWith('⚠️'), text };
  };

  log(`seeding ${guilds} nations and ${players - guilds} citizens (${values.real ? 'Redis + PostgreSQL' : 'embedded'})`);
  await Promise.all(actors.slice(0, guilds).map((actor, i) => send({ kind: 'command', actor, command: 'nation', subcommand: 'register', options: { name: `Nation ${i}` } })));
  await Promise.all(actors.slice(guilds).map((actor) => send({ kind: 'command', actor, command: 'citizen', subcommand: 'join', options: {} })));
  // The seeding used some of each user's rate budget; start the measured window with a fresh one.
  await new Promise((resolve) => setTimeout(resolve, 1000));

  log(`${players} players, one command every ~${intervalMs} ms each (~${Math.round((players * 1000) / intervalMs)}/s offered) for ${seconds} s`);
  const latencies: number[] = [];
  const byCommand = new Map<string, number[]>();
  let refused = 0;
  let rateLimited = 0;
  const deadline = performance.now() + seconds * 1000;
  const inFlight = new Set<Promise<void>>();
  const playerLoop = async (actor: Actor): Promise<void> => {
    // Exponential gaps: independent players, a Poisson stream in total.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * intervalMs));
    while (performance.now() < deadline) {
      let entry = pick();
      // Only leaders (and officers) build; a citizen looks at the army instead.
      if (entry.subcommand === 'build' && !actor.canManageGuild) entry = MIX[1]!;
      const guildIndex = guildIds.indexOf(actor.guildId!);
      const result = await send({ kind: 'command', actor, command: entry.command, subcommand: entry.subcommand ?? null, options: entry.options?.(guildIndex) ?? {} });
      latencies.push(result.ms);
      const key = `${entry.command}${entry.subcommand ? ` ${entry.subcommand}` : ''}`;
      byCommand.set(key, [...(byCommand.get(key) ?? []), result.ms]);
      if (!result.ok) {
        refused += 1;
        if (result.text.includes('too fast')) rateLimited += 1;
      }
      const gap = -Math.log(1 - Math.random()) * intervalMs;
      await new Promise((resolve) => setTimeout(resolve, Math.min(gap, Math.max(0, deadline - performance.now()))));
    }
  };
  const started = performance.now();
  const progress = setInterval(() => log(`${((performance.now() - started) / 1000).toFixed(0)} s: ${latencies.length} commands`), 5000);
  for (const actor of actors) {
    const loop = playerLoop(actor);
    inFlight.add(loop);
    void loop.finally(() => inFlight.delete(loop));
  }
  await Promise.all(inFlight);
  clearInterval(progress);
  const elapsed = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  for (const [key, list] of [...byCommand].sort()) {
    const ordered = [...list].sort((a, b) => a - b);
    log(`${key.padEnd(18)} n=${String(ordered.length).padStart(5)}  p50 ${percentile(ordered, 50).toFixed(2)} ms  p99 ${percentile(ordered, 99).toFixed(2)} ms`);
  }
  await bot.stop();
  await runtime.close();
  return {
    bench: 'players',
    backend: values.real ? 'redis+postgres' : 'embedded',
    players,
    guilds,
    seconds: Number(elapsed.toFixed(1)),
    commands: latencies.length,
    commands_per_s: Number((latencies.length / elapsed).toFixed(1)),
    p50_ms: Number(percentile(sorted, 50).toFixed(2)),
    p99_ms: Number(percentile(sorted, 99).toFixed(2)),
    max_ms: Number((sorted.at(-1) ?? 0).toFixed(2)),
    refused,
    rate_limited: rateLimited,
    cores: availableParallelism(),
  };
}
