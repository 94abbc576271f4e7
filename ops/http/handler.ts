// Everything under /ops: the API (/ops/api/…), the pages, the login and
// logout, and the two static assets. Mounted on the process's shared HttpApp
// with app.route('/ops', …).
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteHandler } from '../../runtime/index.ts';
import { SESSION_COOKIE, overTls, readCookie, sessionCookie } from '../auth/cookies.ts';
import { checkQuery } from '../api/params.ts';
import { matchRoute } from '../api/routes.ts';
import type { OpsContext } from '../context.ts';
import { OpsError, OpsErrorCodes } from '../errors.ts';
import { html } from '../views/html.ts';
import { loginPage, page } from '../views/layout.ts';
import { authenticate, authorize, checkChange, type Caller, type GateOptions } from './gate.ts';
import { alertsFragment, matchPage } from './pages.ts';
import { SECURITY_HEADERS, clientAddress, readBody, redirect, sendError, sendHtml, sendJson } from './respond.ts';

const ASSETS: Readonly<Record<string, { type: string; file: string }>> = {
  '/assets/app.js': { type: 'text/javascript; charset=utf-8', file: 'app.js' },
  '/assets/style.css': { type: 'text/css; charset=utf-8', file: 'style.css' },
};

function loadAssets(): Map<string, { type: string; body: string }> {
  const assets = new Map<string, { type: string; body: string }>();
  for (const [path, asset] of Object.entries(ASSETS)) {
    assets.set(path, { type: asset.type, body: readFileSync(new URL(`../ui/${asset.file}`, import.meta.url), 'utf8') });
  }
  return assets;
}

/** Only a path inside the console is a place to go back to after logging in. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/ops(\/[^\s]*)?$/.test(next) && !next.startsWith('//') ? next : '/ops';
}

function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (origin === undefined || origin === 'null') return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

export function opsHandler(ctx: OpsContext): RouteHandler {
  const assets = loadAssets();
  const gate: GateOptions = { operators: ctx.operators, limiter: ctx.limiter, logouts: ctx.logouts, now: () => Date.now() };

  const api = async (request: IncomingMessage, response: ServerResponse, url: URL, path: string): Promise<void> => {
    const matched = matchRoute(request.method ?? 'GET', path);
    if (!matched) throw new OpsError(OpsErrorCodes.NOT_FOUND, `no API route ${request.method} /ops/api${path}`);
    if ('methodMismatch' in matched) {
      sendJson(response, 405, { ok: false, code: 'OPS_METHOD_NOT_ALLOWED', message: `${request.method} is not allowed on /ops/api${path}` });
      return;
    }
    const { route, params } = matched;
    const caller = await authenticate(gate, request);
    authorize(caller, route.role);
    checkQuery(url.searchParams);
    if (route.method !== 'GET') checkChange(gate, caller, request);
    const body = route.method === 'GET' ? {} : await readBody(request);
    const result = await route.handle({ ctx, caller, params, query: url.searchParams, body, request, response });
    if (result !== undefined) sendJson(response, 200, result);
  };

  const login = async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    if (request.method === 'GET' || request.method === 'HEAD') {
      sendHtml(response, 200, loginPage({ next: safeNext(url.searchParams.get('next')) }));
      return;
    }
    if (request.method !== 'POST') throw new OpsError(OpsErrorCodes.BAD_REQUEST, 'log in with POST');
    const now = Date.now();
    const address = clientAddress(request);
    const body = (await readBody(request)) as { token?: unknown; next?: unknown };
    const next = safeNext(body.next);
    const wait = ctx.limiter.retryAfterMs(address, now);
    if (wait > 0) {
      sendHtml(response, 429, loginPage({ next, error: `Too many failed attempts: try again in ${Math.ceil(wait / 1000)} s.` }), { 'retry-after': String(Math.ceil(wait / 1000)) });
      return;
    }
    if (!sameOrigin(request)) throw new OpsError(OpsErrorCodes.CSRF, 'a login from another origin is refused');
    const operator = typeof body.token === 'string' && ctx.operators.configured ? ctx.operators.byToken(body.token) : null;
    if (!operator) {
      ctx.limiter.fail(address, now);
      ctx.logger.warn({ from: address }, 'ops login failed');
      sendHtml(response, 401, loginPage({ next, error: ctx.operators.configured ? 'That token is not valid.' : 'The console is closed: OPS_TOKENS is not set.' }));
      return;
    }
    ctx.limiter.succeed(address);
    const { cookie, session } = ctx.operators.openSession(operator, now);
    ctx.logger.info({ operator: operator.name, role: operator.role, from: address }, 'ops login');
    redirect(response, next, { 'set-cookie': sessionCookie(cookie, { secure: overTls(request), maxAgeSeconds: Math.floor((session.expires - now) / 1000) }) });
  };

  const logout = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'POST') throw new OpsError(OpsErrorCodes.BAD_REQUEST, 'log out with POST');
    const cookie = readCookie(request, SESSION_COOKIE);
    const session = cookie ? ctx.operators.session(cookie, Date.now()) : null;
    const body = (await readBody(request)) as { csrf?: unknown };
    if (session && !ctx.operators.checkCsrf(session, typeof body.csrf === 'string' ? body.csrf : undefined)) {
      throw new OpsError(OpsErrorCodes.CSRF, 'log out from the console\'s own page');
    }
    if (session) {
      // Cleared from this browser whatever happens; ended for every ops process when PostgreSQL can record it.
      await ctx.logouts.end(session).then(
        () => ctx.logger.info({ operator: session.name }, 'ops logout'),
        (error: unknown) => ctx.logger.error({ err: error, operator: session.name }, 'ops logout not recorded in PostgreSQL: other ops processes accept the session until it expires'),
      );
    }
    redirect(response, '/ops/login', { 'set-cookie': sessionCookie('', { secure: overTls(request), maxAgeSeconds: 0 }) });
  };

  const pageRequest = async (request: IncomingMessage, response: ServerResponse, url: URL, path: string): Promise<void> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') throw new OpsError(OpsErrorCodes.NOT_FOUND, `no page accepts ${request.method}`);
    const fragment = url.searchParams.get('fragment');
    let caller: Caller;
    try {
      caller = await authenticate(gate, request);
    } catch (error) {
      if (fragment || !(error instanceof OpsError) || error.code !== OpsErrorCodes.UNAUTHENTICATED) throw error;
      redirect(response, `/ops/login?next=${encodeURIComponent(safeNext(url.pathname + url.search))}`);
      return;
    }
    if (fragment === 'alerts') {
      sendHtml(response, 200, alertsFragment(ctx).html);
      return;
    }
    const matched = matchPage(path);
    const csrf = caller.session ? ctx.operators.csrfToken(caller.session) : '';
    const shell = (title: string, current: string, body: string, status = 200) =>
      sendHtml(response, status, page({ title, current, caller, csrf, alerts: ctx.alerts.incidents().open, now: ctx.clock.now() }, { html: body }));
    if (!matched) {
      shell('Not found', '', html`<div class="panel"><h1>Nothing here</h1><p>No page at ${url.pathname}.</p></div>`.html, 404);
      return;
    }
    try {
      checkQuery(url.searchParams);
      const rendered = await matched.route.render({ ctx, caller, params: matched.params, query: url.searchParams });
      if (fragment) {
        const part = rendered.fragments && Object.hasOwn(rendered.fragments, fragment) ? rendered.fragments[fragment] : undefined;
        if (!part) throw new OpsError(OpsErrorCodes.NOT_FOUND, `this page has no region "${fragment}"`);
        sendHtml(response, 200, (await part()).html);
        return;
      }
      shell(rendered.title, rendered.current, rendered.body.html);
    } catch (error) {
      if (!(error instanceof OpsError) || fragment) throw error;
      shell('Error', '', html`<div class="panel"><h1>${error.code === OpsErrorCodes.NOT_FOUND ? 'Not found' : 'Cannot show this'}</h1><p>${error.message}</p></div>`.html, error.status);
    }
  };

  return async (request, response, url) => {
    const path = url.pathname.slice('/ops'.length) || '/';
    try {
      const asset = assets.get(path);
      if (asset) {
        response.writeHead(200, { ...SECURITY_HEADERS, 'content-type': asset.type, 'cache-control': 'no-cache' }).end(asset.body);
      } else if (path === '/login') await login(request, response, url);
      else if (path === '/logout') await logout(request, response);
      else if (path === '/api' || path.startsWith('/api/')) await api(request, response, url, path.slice('/api'.length));
      else await pageRequest(request, response, url, path);
    } catch (error) {
      if (!response.headersSent) sendError(response, error);
      else response.end();
      if (!(error instanceof OpsError)) ctx.logger.error({ err: error, path: url.pathname }, 'ops request failed');
    }
    return true;
  };
}
