// Responses of the console: JSON for the API, HTML for pages, every one with
// the headers that keep a console safe (no framing, no sniffing, no caching,
// scripts and styles only from the console itself).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OpsError, OpsErrorCodes } from '../errors.ts';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(`${JSON.stringify(body)}\n`);
}

export function sendHtml(response: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', ...headers });
  response.end(html);
}

export function redirect(response: ServerResponse, location: string, headers: Record<string, string> = {}): void {
  response.writeHead(303, { ...SECURITY_HEADERS, location, ...headers });
  response.end();
}

/** `{ ok: false, code, message, … }` with the error's status; anything not coded is a 500 with its message. */
export function sendError(response: ServerResponse, error: unknown, headers: Record<string, string> = {}): void {
  if (error instanceof OpsError) {
    sendJson(response, error.status, { ok: false, code: error.code, message: error.message, ...(error.details ?? {}) }, headers);
    return;
  }
  sendJson(response, 500, { ok: false, code: 'OPS_INTERNAL', message: error instanceof Error ? error.message : String(error) }, headers);
}

const MAX_BODY_BYTES = 64 * 1024;

/** The request body: a JSON object, or a urlencoded form as an object of strings; anything else is OPS_BAD_REQUEST. */
export async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new OpsError(OpsErrorCodes.BAD_REQUEST, `the request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  const type = request.headers['content-type'] ?? '';
  if (type.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    throw new OpsError(OpsErrorCodes.BAD_REQUEST, 'the request body is not valid JSON');
  }
  // Every handler reads fields of the body: null, an array or a number has none.
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new OpsError(OpsErrorCodes.BAD_REQUEST, `the request body must be a JSON object, not ${body === null ? 'null' : Array.isArray(body) ? 'an array' : `a ${typeof body}`}`);
  }
  return body as Record<string, unknown>;
}

/** The client's address for rate limiting (the socket's; a proxy in front should limit on its own). */
export function clientAddress(request: IncomingMessage): string {
  return request.socket.remoteAddress ?? 'unknown';
}
