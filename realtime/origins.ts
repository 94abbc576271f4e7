// Which browser pages may open a socket. A page the gateway served itself
// (Origin equal to the Host it was asked for) always may, and so may the
// configured extra origins. A request without an Origin header comes from no
// browser page (OBS's own loads, socket.io-client in Node): nothing a site
// could abuse, so it passes; the socket still only reads.

export function originAllowed(origin: string | undefined, host: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (origin === undefined || origin === '') return true;
  if (allowed.has(origin)) return true;
  if (host === undefined) return false;
  return origin === `http://${host}` || origin === `https://${host}`;
}
