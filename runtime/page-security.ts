// The security headers of a page the process serves itself (`/`, `/play`):
// no framing (clickjacking), no sniffing, no referrer, and a CSP that lets
// run only the page's own inline script and style, named by their SHA-256,
// so an injected <script> or handler attribute does nothing. Overlays are
// not served with these: OBS frames them on purpose (realtime/pages.ts).
import { createHash } from 'node:crypto';

export interface InlinePieces {
  /** The exact text between `<script>` and `</script>`. */
  readonly scripts?: readonly string[];
  /** The exact text between `<style>` and `</style>`. */
  readonly styles?: readonly string[];
}

const source = (texts: readonly string[] = []): string =>
  texts.length === 0 ? "'none'" : texts.map((text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`).join(' ');

export function pageSecurityHeaders(inline: InlinePieces): Readonly<Record<string, string>> {
  return Object.freeze({
    'content-security-policy': [
      "default-src 'none'",
      `script-src ${source(inline.scripts)}`,
      `style-src ${source(inline.styles)}`,
      "connect-src 'self'",
      "img-src 'self' data:",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
}
