// The overlay pages (`/overlay/battle|leaderboard|ticker|nation`), their
// assets, and `/overlay`: the links for a nation. Pages are static shells; the
// browser code in overlays/ reads subject and look from the URL, joins its
// rooms and renders (see overlays/overlay.js).
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock, HttpApp } from '../runtime/index.ts';
import { nationLinks, OVERLAY_KINDS, type OverlayKind } from './links.ts';
import { parseRoom } from './rooms.ts';
import type { RevokedLinks } from './revoked-links.ts';
import { verifyToken } from './tokens.ts';
import type { ViewSource } from './view-source.ts';
import { battleLinkLabel, type NationView } from './views.ts';

export interface OverlayPagesOptions {
  readonly views: ViewSource;
  readonly secret: string;
  /** A revoked token opens no links page (it would mint fresh links). */
  readonly revoked: RevokedLinks;
  /** GATEWAY_PUBLIC_URL; default: the Host the page was asked for. */
  readonly publicUrl: string | undefined;
  readonly clock: Clock;
}

const ASSETS: Readonly<Record<string, string>> = {
  'overlay.css': 'text/css; charset=utf-8',
  'overlay.js': 'text/javascript; charset=utf-8',
  'battle.js': 'text/javascript; charset=utf-8',
  'leaderboard.js': 'text/javascript; charset=utf-8',
  'ticker.js': 'text/javascript; charset=utf-8',
  'nation.js': 'text/javascript; charset=utf-8',
  'icons.js': 'text/javascript; charset=utf-8',
};

const TITLES: Record<OverlayKind, string> = {
  battle: 'battle',
  leaderboard: 'leaderboard',
  ticker: 'war ticker',
  nation: 'nation card',
};

// Scripts only from here; sockets to here; no inline script. OBS may frame it anywhere.
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function overlayPage(kind: OverlayKind): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Server Wars — ${TITLES[kind]} overlay</title>
<meta name="viewport" content="width=1920, initial-scale=1">
<link rel="stylesheet" href="assets/overlay.css">
</head><body class="overlay overlay-${kind}">
<main id="stage" class="stage" data-overlay="${kind}"></main>
<div id="status" class="status" role="status" aria-live="polite"></div>
<script src="../socket.io/socket.io.min.js"></script>
<script src="assets/icons.js"></script>
<script src="assets/overlay.js"></script>
<script src="assets/${kind}.js"></script>
</body></html>
`;
}

function linksPage(base: string, nation: string | null, links: ReturnType<typeof nationLinks> | null, view: NationView | null, problem: string | null): string {
  const list = (items: readonly { label: string; url: string; private?: boolean }[]) =>
    `<ul>${items
      .map(
        (item) =>
          `<li><span>${escapeHtml(item.label)}${item.private ? ' <b class="private">private</b>' : ''}</span><input readonly value="${escapeHtml(item.url)}" aria-label="${escapeHtml(item.label)}"> <a href="${escapeHtml(item.url)}" target="_blank" rel="noopener">open</a></li>`,
      )
      .join('')}</ul>`;
  const publicLinks = [
    { label: 'Leaderboard: power, top 10', url: `${base}overlay/leaderboard?board=power&limit=10` },
    { label: 'War ticker (every nation)', url: `${base}overlay/ticker` },
    ...(nation ? [{ label: 'War ticker (this nation only)', url: `${base}overlay/ticker?nation=${encodeURIComponent(nation)}` }] : []),
    ...(view?.wars ?? []).map((war) => ({ label: `Battle: ${battleLinkLabel(war)}`, url: `${base}overlay/battle?war=${encodeURIComponent(war.war)}` })),
  ];
  const heading = view?.registered ? `Overlays for ${escapeHtml(view.name)}` : nation ? `Overlays for nation ${escapeHtml(nation)}` : 'Overlays';
  const body = links
    ? `<p>Add each link as a <b>Browser source</b> in OBS, 1920 × 1080. These links expire on <b>${new Date(links.expiresAt).toUTCString()}</b>; run <code>/overlay</code> in Discord for fresh ones. The private link shows your nation's own live view: do not show it on stream as text.</p>${list(links.links)}`
    : `${problem ? `<p class="problem">${escapeHtml(problem)}</p>` : ''}<p>Add each link as a <b>Browser source</b> in OBS, 1920 × 1080. The nation card is private: its link comes from <code>/overlay</code> in your Discord server.</p>${list(publicLinks)}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Server Wars — overlay links</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="overlay/assets/overlay.css"></head>
<body class="links-page"><h1>${heading}</h1>${body}
<h2>Look</h2><p>Every overlay takes <code>theme=midnight|daylight|ember</code> and <code>scale=auto|0.5…2</code>; the leaderboard takes <code>board=power|military|resources|territory|reputation|wars_won</code> and <code>limit=1…25</code>.</p></body></html>`;
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): true {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-cache', ...SECURITY_HEADERS, ...extra }).end(body);
  return true;
}

export function mountOverlays(app: HttpApp, options: OverlayPagesOptions): void {
  const assets = new Map<string, Buffer>();
  const asset = async (name: string): Promise<Buffer> => {
    let body = assets.get(name);
    if (!body) {
      body = await readFile(new URL(`./overlays/${name}`, import.meta.url));
      assets.set(name, body);
    }
    return body;
  };

  app.link('/overlay', '/overlay');
  app.route('/overlay', async (request: IncomingMessage, response: ServerResponse, url: URL) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return send(response, 405, 'text/plain', 'method not allowed\n', { allow: 'GET, HEAD' });
    }
    const path = url.pathname.replace(/\/+$/, '');
    if (path === '/overlay') {
      const base = (options.publicUrl ?? `http://${request.headers.host ?? 'localhost'}`).replace(/\/?$/, '/');
      const raw = url.searchParams.get('nation');
      const nation = raw === null ? null : raw.replace(/^nation:/, '');
      if (nation !== null && !/^\d{1,25}$/.test(nation)) {
        return send(response, 400, 'text/html; charset=utf-8', linksPage(base, null, null, null, 'nation= takes a Discord server id (digits only).'));
      }
      const view = nation ? ((await options.views.view(parseRoom(`nation:${nation}`))) as NationView) : null;
      const token = url.searchParams.get('token');
      let links = null;
      let problem = null;
      if (nation && token) {
        try {
          const grant = verifyToken(options.secret, token, options.clock.now());
          if (grant.nation !== `nation:${nation}`) throw new Error('this token is for another nation');
          await options.revoked.check(grant);
          // The links keep the token's issue time, so a later revocation voids them with it.
          links = nationLinks({
            baseUrl: base,
            secret: options.secret,
            nation: grant.nation,
            wars: view?.wars.map((war) => war.war),
            now: options.clock.now(),
            issuedAt: grant.issuedAt,
            ttlMs: grant.expiresAt - options.clock.now(),
          });
        } catch (error) {
          problem = `${error instanceof Error ? error.message : 'bad token'} — the public links still work.`;
        }
      }
      return send(response, 200, 'text/html; charset=utf-8', linksPage(base, nation, links, view, problem));
    }
    const name = /^\/overlay\/assets\/([a-z]+\.(?:js|css))$/.exec(path)?.[1];
    if (name !== undefined) {
      const type = ASSETS[name];
      if (!type) return false;
      return send(response, 200, type, await asset(name));
    }
    const kind = path.slice('/overlay/'.length) as OverlayKind;
    if ((OVERLAY_KINDS as readonly string[]).includes(kind)) return send(response, 200, 'text/html; charset=utf-8', overlayPage(kind));
    return false;
  });
}
