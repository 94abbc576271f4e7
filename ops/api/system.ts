// API handlers for the cluster and its machinery: session, cluster view,
// queues, flags, season, dead letters, audit log, alerts, metrics.
import { clusterView } from '../../runtime/index.ts';
import { OpsError, OpsErrorCodes } from '../errors.ts';
import { basedOn } from './params.ts';
import type { ApiCall } from './routes.ts';

export const SEASON = 'season:current';
/** How a season command from the console names its operator (actors/common/schemas.ts `adminRef`). */
function operatorRef(name: string): string {
  return `ops:${name}`;
}

function confirmed(body: unknown, word: string): void {
  if ((body as { confirm?: unknown } | null)?.confirm !== word) {
    throw new OpsError(OpsErrorCodes.CONFIRMATION_REQUIRED, `confirm this by sending { "confirm": "${word}" }`);
  }
}

function shardParam(value: string | undefined): number {
  if (!value || !/^\d{1,5}$/.test(value)) throw new OpsError(OpsErrorCodes.BAD_REQUEST, `"${String(value).slice(0, 20)}" is not a shard number`);
  return Number(value);
}

export async function session({ ctx, caller }: ApiCall) {
  return {
    name: caller.name,
    role: caller.role,
    via: caller.via,
    ...(caller.session ? { csrf: ctx.operators.csrfToken(caller.session), expires: caller.session.expires } : {}),
  };
}

export async function clusterData(ctx: ApiCall['ctx']) {
  const { env } = ctx.config;
  const [view, flags] = await Promise.all([clusterView(ctx.store, env.SHARDS, env.LEASE_TTL_MS), ctx.flags.view().catch(() => null)]);
  return {
    ...view,
    rates: ctx.telemetry.latest(),
    series: ctx.telemetry.series().slice(-60),
    sources: ctx.telemetry.sources(),
    health: ctx.telemetry.processHealth(),
    flags: flags && { version: flags.version, nodes: flags.nodes },
    alerts: ctx.alerts.incidents().open,
  };
}

export async function cluster({ ctx }: ApiCall) {
  return clusterData(ctx);
}

export async function timers({ ctx }: ApiCall) {
  return ctx.queues.view();
}

export async function retryJob({ ctx, caller, params }: ApiCall) {
  await ctx.queues.retry(caller, params.queue!, params.job!);
  return { ok: true };
}

export async function flags({ ctx }: ApiCall) {
  return ctx.flags.view();
}

export async function setFlag({ ctx, caller, params, body }: ApiCall) {
  return ctx.flags.set(caller, params.flag!, (body as { value?: unknown }).value === 'null' ? null : coerceBoolean((body as { value?: unknown }).value));
}

/** Forms send strings: "true"/"false" are booleans here. */
function coerceBoolean(value: unknown): unknown {
  return value === 'true' ? true : value === 'false' ? false : value;
}

export async function seasonData(ctx: ApiCall['ctx']) {
  const actor = await ctx.reader.read(SEASON);
  if (!actor) return { exists: false as const, address: SEASON };
  const context = actor.record.snapshot.context as { number: number; theme: string; phase: string; phaseEndsAt: number | null; standings: unknown; archive: unknown[] };
  return {
    exists: true as const,
    address: SEASON,
    version: actor.version,
    value: actor.record.snapshot.value,
    number: context.number,
    theme: context.theme,
    phase: context.phase,
    phaseEndsAt: context.phaseEndsAt,
    standings: context.standings,
    archive: context.archive,
    timers: Object.entries(actor.record.timers).map(([id, timer]) => ({ id, due: timer.due, event: timer.event })),
  };
}

export async function season({ ctx }: ApiCall) {
  return seasonData(ctx);
}

export async function seasonAction({ ctx, caller, params, body }: ApiCall) {
  const action = params.action!;
  if (action !== 'start' && action !== 'advance') throw new OpsError(OpsErrorCodes.NOT_FOUND, `no season action "${action}" (start, advance)`);
  confirmed(body, action);
  return ctx.admin.send(caller, SEASON, { type: action, by: operatorRef(caller.name) }, basedOn(body), `season.${action}`);
}

export async function deadLetters({ ctx }: ApiCall) {
  return { letters: await ctx.deadLetters.list() };
}

export async function retryDeadLetter({ ctx, caller, params }: ApiCall) {
  return { ok: true, ...(await ctx.deadLetters.retry(caller, shardParam(params.shard), params.entry!)) };
}

export async function discardDeadLetter({ ctx, caller, params, body }: ApiCall) {
  confirmed(body, 'discard');
  await ctx.deadLetters.discard(caller, shardParam(params.shard), params.entry!);
  return { ok: true };
}

export async function audit({ ctx, query }: ApiCall) {
  const before = query.get('before');
  const limit = query.get('limit');
  if ((before && !/^\d{1,15}$/.test(before)) || (limit && !/^\d{1,4}$/.test(limit))) throw new OpsError(OpsErrorCodes.BAD_REQUEST, '"before" and "limit" must be whole numbers');
  return {
    entries: await ctx.repo.auditLog({
      ...(query.get('target') ? { target: query.get('target')! } : {}),
      ...(before ? { before: Number(before) } : {}),
      ...(limit ? { limit: Number(limit) } : {}),
    }),
  };
}

export async function alerts({ ctx }: ApiCall) {
  return ctx.alerts.incidents();
}

export async function metrics({ ctx }: ApiCall) {
  return { game: ctx.game.series(), cluster: ctx.telemetry.series() };
}
