// The leaderboards over HTTP, read-only, on the runtime process's HttpApp:
//   GET /api/leaderboards                           board names and sizes
//   GET /api/leaderboards/:board?limit=&offset=     top N (limit 1..100, default 10)
//   GET /api/leaderboards/:board/rank/:member       one nation's row (member = nation:<id>)
// Bad input gets a 400/404 JSON body `{ ok: false, code, message }` and
// reads nothing; the store is the one the projection writes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LeaderboardStore } from '../storage/leaderboards.ts';
import { parseAddress } from './address.ts';
import { RuntimeError, RuntimeErrorCodes } from './errors.ts';
import type { HttpApp } from './http.ts';

export const API_PREFIX = '/api/leaderboards';
export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;
/** Past any real board; bounds the work a query can ask for. */
export const MAX_OFFSET = 1_000_000;

const STATUS: Partial<Record<string, number>> = {
  [RuntimeErrorCodes.UNKNOWN_BOARD]: 404,
  [RuntimeErrorCodes.NOT_RANKED]: 404,
  [RuntimeErrorCodes.NOT_FOUND]: 404,
  [RuntimeErrorCodes.METHOD_NOT_ALLOWED]: 405,
};

function send(response: ServerResponse, status: number, body: unknown, head: boolean): true {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...(status === 405 ? { allow: 'GET, HEAD' } : {}),
  });
  response.end(head ? undefined : `${JSON.stringify(body)}\n`);
  return true;
}

/** A query number: absent → fallback; otherwise only plain digits within [min, max]. */
function wholeNumber(raw: string | null, fallback: number, min: number, max: number, code: typeof RuntimeErrorCodes.BAD_LIMIT | typeof RuntimeErrorCodes.BAD_OFFSET, name: string): number {
  if (raw === null) return fallback;
  const value = /^\d{1,7}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw new RuntimeError(code, `${name} must be a whole number from ${min} to ${max.toLocaleString('en')}, got "${raw.slice(0, 40)}"`);
  }
  return value;
}

function boardOf(store: LeaderboardStore, raw: string): string {
  if (!store.boards.includes(raw)) {
    throw new RuntimeError(RuntimeErrorCodes.UNKNOWN_BOARD, `no board "${raw.slice(0, 40)}"; boards are ${store.boards.join(', ')}`);
  }
  return raw;
}

function memberOf(raw: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    decoded = '';
  }
  let kind = '';
  try {
    kind = parseAddress(decoded).kind;
  } catch {
    kind = '';
  }
  if (kind !== 'nation') throw new RuntimeError(RuntimeErrorCodes.BAD_MEMBER, `a member is a nation address such as nation:123456789012345678, got "${decoded.slice(0, 60) || raw.slice(0, 60)}"`);
  return decoded;
}

/** Answers one request under API_PREFIX; the body, or throws a coded RuntimeError. */
async function answer(store: LeaderboardStore, path: string, query: URLSearchParams): Promise<unknown> {
  const parts = path.slice(API_PREFIX.length).split('/').filter((part) => part !== '');
  if (parts.length === 0) {
    const sizes = await Promise.all(store.boards.map((board) => store.size(board)));
    return { ok: true, boards: store.boards.map((board, i) => ({ board, size: sizes[i] })) };
  }
  const board = boardOf(store, parts[0]!);
  if (parts.length === 1) {
    const limit = wholeNumber(query.get('limit'), DEFAULT_LIMIT, 1, MAX_LIMIT, RuntimeErrorCodes.BAD_LIMIT, 'limit');
    const offset = wholeNumber(query.get('offset'), 0, 0, MAX_OFFSET, RuntimeErrorCodes.BAD_OFFSET, 'offset');
    const [rows, size] = await Promise.all([store.top(board, limit, offset), store.size(board)]);
    return { ok: true, board, size, limit, offset, rows };
  }
  if (parts.length === 3 && parts[1] === 'rank') {
    const member = memberOf(parts[2]!);
    const [row, size] = await Promise.all([store.rank(board, member), store.size(board)]);
    if (!row) throw new RuntimeError(RuntimeErrorCodes.NOT_RANKED, `${member} is not on the ${board} board (not registered, or inactive and hidden)`);
    return { ok: true, board, size, row };
  }
  throw new RuntimeError(RuntimeErrorCodes.NOT_FOUND, `no leaderboard route at ${path.slice(0, 80)}; try ${API_PREFIX}, ${API_PREFIX}/:board or ${API_PREFIX}/:board/rank/:member`);
}

/** The route handler, for HttpApp.route(API_PREFIX, …). */
export function leaderboardApi(store: LeaderboardStore) {
  return async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> => {
    const head = request.method === 'HEAD';
    try {
      if (request.method !== 'GET' && !head) throw new RuntimeError(RuntimeErrorCodes.METHOD_NOT_ALLOWED, 'the leaderboard API only reads: use GET');
      return send(response, 200, await answer(store, url.pathname, url.searchParams), head);
    } catch (error) {
      if (!(error instanceof RuntimeError)) throw error;
      return send(response, STATUS[error.code] ?? 400, { ok: false, code: error.code, message: error.message }, head);
    }
  };
}

export function mountLeaderboardApi(app: HttpApp, store: LeaderboardStore): void {
  app.route(API_PREFIX, leaderboardApi(store)).link(API_PREFIX, API_PREFIX);
}
