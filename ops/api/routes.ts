// The console's API under /ops/api: every route with the role it needs. GET
// routes read; every other method changes something and so needs the admin
// role and, with a cookie session, the CSRF token (http/gate.ts). The table
// is exported so a test can walk every route.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OpsRole } from '../auth/operators.ts';
import type { OpsContext } from '../context.ts';
import type { Caller } from '../http/gate.ts';
import { matchPath } from '../http/paths.ts';
import * as actors from './actors.ts';
import * as system from './system.ts';

export interface ApiCall {
  readonly ctx: OpsContext;
  readonly caller: Caller;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
}

export interface ApiRoute {
  readonly method: 'GET' | 'POST';
  /** Under /ops/api, with `:name` parameters. */
  readonly path: string;
  readonly role: OpsRole;
  readonly summary: string;
  /** Resolves to the JSON body; `undefined` when the handler answered itself (a stream). */
  readonly handle: (call: ApiCall) => Promise<unknown>;
}

export const apiRoutes: readonly ApiRoute[] = [
  { method: 'GET', path: '/session', role: 'viewer', summary: 'who is logged in, and the CSRF token for changes', handle: system.session },
  { method: 'GET', path: '/cluster', role: 'viewer', summary: 'nodes, shard owners and epochs, lag, rates, dead letters', handle: system.cluster },
  { method: 'GET', path: '/actors', role: 'viewer', summary: 'find actors: ?kind=&q= (id or name)', handle: actors.find },
  { method: 'GET', path: '/actors/:address', role: 'viewer', summary: 'an actor: state, snapshot, version, timers, recent messages', handle: actors.show },
  { method: 'GET', path: '/actors/:address/messages', role: 'viewer', summary: 'an actor\'s messages with their effects: ?before=&limit=', handle: actors.messages },
  { method: 'GET', path: '/actors/:address/replay', role: 'viewer', summary: 'the actor rebuilt from its log at ?version=', handle: actors.replayAt },
  { method: 'GET', path: '/actors/:address/watch', role: 'viewer', summary: 'server-sent events: the actor\'s version whenever it changes', handle: actors.watch },
  { method: 'POST', path: '/actors/:address/preview', role: 'admin', summary: 'what an event would change, without sending it', handle: actors.preview },
  { method: 'POST', path: '/actors/:address/events', role: 'admin', summary: 'send an event through the actor\'s mailbox, based on a version', handle: actors.sendEvent },
  { method: 'POST', path: '/actors/:address/timers/:timer/fire', role: 'admin', summary: 'fire a pending timer now', handle: actors.fireTimer },
  { method: 'GET', path: '/timers', role: 'viewer', summary: 'BullMQ queues: waiting, delayed, failed', handle: system.timers },
  { method: 'POST', path: '/timers/:queue/:job/retry', role: 'admin', summary: 'retry a failed job', handle: system.retryJob },
  { method: 'GET', path: '/flags', role: 'viewer', summary: 'feature flags and which nodes apply them', handle: system.flags },
  { method: 'POST', path: '/flags/:flag', role: 'admin', summary: 'switch a flag: { value: true | false | null }', handle: system.setFlag },
  { method: 'GET', path: '/season', role: 'viewer', summary: 'the season: phase and deadlines', handle: system.season },
  { method: 'POST', path: '/season/:action', role: 'admin', summary: 'start the season or end its phase: { confirm: <action> }', handle: system.seasonAction },
  { method: 'GET', path: '/dead-letters', role: 'viewer', summary: 'messages the runtime gave up on', handle: system.deadLetters },
  { method: 'POST', path: '/dead-letters/:shard/:entry/retry', role: 'admin', summary: 'send a dead letter again', handle: system.retryDeadLetter },
  { method: 'POST', path: '/dead-letters/:shard/:entry/discard', role: 'admin', summary: 'discard a dead letter: { confirm: "discard" }', handle: system.discardDeadLetter },
  { method: 'GET', path: '/audit', role: 'viewer', summary: 'who did what, when, with before and after: ?target=&before=&limit=', handle: system.audit },
  { method: 'GET', path: '/alerts', role: 'viewer', summary: 'open and recently resolved alerts', handle: system.alerts },
  { method: 'GET', path: '/metrics', role: 'viewer', summary: 'game metrics and cluster rates over time', handle: system.metrics },
];

/** The route and its parameters for a method and a path under /ops/api; `methodMismatch` when only the method is wrong. */
export function matchRoute(method: string, path: string): { route: ApiRoute; params: Record<string, string> } | { methodMismatch: true } | null {
  let mismatch = false;
  for (const route of apiRoutes) {
    const params = matchPath(route.path, path);
    if (!params) continue;
    if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { route, params };
    mismatch = true;
  }
  return mismatch ? { methodMismatch: true } : null;
}
