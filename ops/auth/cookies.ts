// The session cookie: parsed from a request, written with the attributes the
// console needs (HttpOnly, SameSite=Strict, Path=/ops, Secure behind TLS).
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'ops_session';

/** The cookie's value; undefined when absent or not decodable (a value we never set is no cookie). */
export function readCookie(request: IncomingMessage, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** True when the client reached us over TLS, directly or through a proxy that says so. */
export function overTls(request: IncomingMessage): boolean {
  const forwarded = request.headers['x-forwarded-proto'];
  const proto = Array.isArray(forwarded) ? forwarded[0] : forwarded;
  return Boolean((request.socket as { encrypted?: boolean }).encrypted) || proto?.split(',')[0]?.trim() === 'https';
}

export function sessionCookie(value: string, options: { secure: boolean; maxAgeSeconds: number }): string {
  return [
    `${SESSION_COOKIE}=${encodeURIComponent(value)}`,
    'Path=/ops',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${options.maxAgeSeconds}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}
