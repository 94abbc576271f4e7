// The console's pages under /ops: each renders on the server from the same
// services as the API; `?fragment=<name>` returns only a region, which the
// page's script refreshes (live regions) without reloading.
import { actorJson, replayData } from '../api/actors.ts';
import { clusterData, seasonData } from '../api/system.ts';
import type { OpsContext } from '../context.ts';
import { OpsError, OpsErrorCodes } from '../errors.ts';
import { actorBody, actorLive, replayView, searchBody } from '../views/actor-pages.ts';
import { clusterFragment } from '../views/cluster-page.ts';
import { html, type Html } from '../views/html.ts';
import { alertBanner, head } from '../views/layout.ts';
import { alertsBody, auditBody, deadLettersBody, flagsBody, metricsBody, seasonBody, timersBody } from '../views/system-pages.ts';
import type { Caller } from './gate.ts';
import { matchPath } from './paths.ts';

export interface PageCall {
  readonly ctx: OpsContext;
  readonly caller: Caller;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
}

export interface Rendered {
  readonly title: string;
  /** The nav entry to highlight. */
  readonly current: string;
  readonly body: Html;
  /** Regions a script may ask for alone. */
  readonly fragments?: Readonly<Record<string, () => Promise<Html>>>;
}

export interface PageRoute {
  readonly path: string;
  readonly render: (call: PageCall) => Promise<Rendered>;
}

const live = (name: string, everyMs: number, content: Html): Html => html`<div data-refresh="${everyMs}" data-fragment="${name}">${content}</div>`;

export const pageRoutes: readonly PageRoute[] = [
  {
    path: '/',
    async render({ ctx }) {
      const fragment = async () => clusterFragment(await clusterData(ctx), ctx.clock.now());
      return { title: 'Cluster', current: '/ops', body: html`${head('Cluster', 'Nodes, shard owners and epochs, lag, throughput and dead letters, refreshed every second.', true)}${live('cluster', 1000, await fragment())}`, fragments: { cluster: fragment } };
    },
  },
  {
    path: '/actors',
    async render({ ctx, query }) {
      const kind = query.get('kind') ?? '';
      const q = (query.get('q') ?? '').trim().slice(0, 200);
      const known = ctx.kinds.names();
      if (kind && !known.includes(kind)) throw new OpsError(OpsErrorCodes.BAD_REQUEST, `no actor kind "${kind}"`);
      const found = await ctx.repo.findActors({ ...(kind ? { kind } : {}), query: q, limit: 100 });
      const exact = q.includes(':') && !found.some((row) => row.address === q) ? await ctx.reader.read(q).catch(() => null) : null;
      const results = exact ? [{ address: exact.address, kind: exact.kind.name, version: exact.version, value: exact.record.snapshot.value, name: (exact.record.snapshot.context as { name?: string }).name ?? null, updatedAt: 0 }, ...found] : found;
      return { title: 'Actors', current: '/ops/actors', body: html`${head('Actors', 'Find an actor by kind, id or name.')}${searchBody(known, kind, q, results, ctx.clock.now())}` };
    },
  },
  {
    path: '/actors/:address',
    async render({ ctx, caller, params }) {
      const address = params.address!;
      const { kind } = ctx.reader.kindOf(address);
      const load = async () => {
        const actor = await ctx.reader.read(address);
        if (!actor) throw new OpsError(OpsErrorCodes.NOT_FOUND, `${address} does not exist (yet)`);
        return actorJson(actor, await ctx.reader.messages(address, 25));
      };
      const actor = await load();
      const admin = caller.role === 'admin';
      return {
        title: address,
        current: '/ops/actors',
        body: html`${head(address, html`<span class="badge">${kind.name}</span> actor`, true)}${actorBody(actor, kind.machine, ctx.clock.now(), admin)}`,
        fragments: { live: async () => actorLive(await load(), kind.machine, ctx.clock.now(), admin) },
      };
    },
  },
  {
    path: '/actors/:address/replay-view',
    async render(call) {
      const { kind } = call.ctx.reader.kindOf(call.params.address!);
      const view = async () => {
        try {
          return replayView(await replayData(call.ctx, call.params.address!, call.query.get('version')), kind.machine);
        } catch (error) {
          return html`<p class="badge bad">${error instanceof Error ? error.message : String(error)}</p>`;
        }
      };
      return { title: 'Replay', current: '/ops/actors', body: await view(), fragments: { view } };
    },
  },
  {
    path: '/timers',
    async render({ ctx, caller }) {
      const fragment = async () => timersBody(await ctx.queues.view(), ctx.clock.now(), caller.role === 'admin');
      return { title: 'Timers & queues', current: '/ops/timers', body: html`${head('Timers & queues', 'Actor timers and the queue that carries them (BullMQ: waiting, delayed and failed jobs; in memory on the embedded backends); actor timers link to their actor.', true)}${live('queues', 3000, await fragment())}`, fragments: { queues: fragment } };
    },
  },
  {
    path: '/flags',
    async render({ ctx, caller }) {
      const fragment = async () => flagsBody(await ctx.flags.view(), caller.role === 'admin');
      return { title: 'Feature flags', current: '/ops/flags', body: html`${head('Feature flags', 'Switch a game system on or off on every node at once.', true)}${live('flags', 3000, await fragment())}`, fragments: { flags: fragment } };
    },
  },
  {
    path: '/season',
    async render({ ctx, caller }) {
      const fragment = async () => seasonBody(await seasonData(ctx), ctx.clock.now(), caller.role === 'admin');
      return { title: 'Season', current: '/ops/season', body: html`${head('Season', 'Current phase and its deadline; start the season or end a phase.', true)}${live('season', 3000, await fragment())}`, fragments: { season: fragment } };
    },
  },
  {
    path: '/dead-letters',
    async render({ ctx, caller }) {
      const fragment = async () => deadLettersBody(await ctx.deadLetters.list(), ctx.clock.now(), caller.role === 'admin');
      return { title: 'Dead letters', current: '/ops/dead-letters', body: html`${head('Dead letters', 'Messages the runtime gave up on, with their error: retry or discard.', true)}${live('letters', 3000, await fragment())}`, fragments: { letters: fragment } };
    },
  },
  {
    path: '/audit',
    async render({ ctx, query }) {
      const target = (query.get('target') ?? '').trim().slice(0, 300);
      const fragment = async () => auditBody(await ctx.repo.auditLog({ ...(target ? { target } : {}), limit: 200 }), target);
      return { title: 'Audit log', current: '/ops/audit', body: html`${head('Audit log', 'Who did what, when, with the state before and after.', true)}${live('audit', 3000, await fragment())}`, fragments: { audit: fragment } };
    },
  },
  {
    path: '/metrics',
    async render({ ctx }) {
      const fragment = async () => metricsBody(ctx.game.series(), ctx.telemetry.series());
      return { title: 'Game metrics', current: '/ops/metrics', body: html`${head('Game metrics', 'Players, nations, wars, resources and command health; also on /metrics.', true)}${live('metrics', 10_000, await fragment())}`, fragments: { metrics: fragment } };
    },
  },
  {
    path: '/alerts',
    async render({ ctx }) {
      const fragment = async () => alertsBody(ctx.alerts.incidents(), ctx.clock.now(), Boolean(ctx.config.env.OPS_ALERT_WEBHOOK));
      return { title: 'Alerts', current: '/ops/alerts', body: html`${head('Alerts', 'Critical conditions, raised once per incident and shown until resolved.', true)}${live('list', 2000, await fragment())}`, fragments: { list: fragment } };
    },
  },
];

/** Shared by every page: the banner of open alerts. */
export function alertsFragment(ctx: OpsContext): Html {
  return alertBanner(ctx.alerts.incidents().open, ctx.clock.now());
}

export function matchPage(path: string): { route: PageRoute; params: Record<string, string> } | null {
  for (const route of pageRoutes) {
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return null;
}
