// The HTTP face of a process: `/` (what is running, with links), `/healthz`
// (the process is alive), `/readyz` (it can serve), `/metrics` (Prometheus),
// `/cluster` (the cluster view, JSON) when the process runs a node. Roles mount
// their own routes (`/play`, `/overlay/…`, `/ops/…`) and sections of `/`
// before the server listens, and may attach to the server (Socket.IO), so
// `npm start` serves every role on one port (DESIGN §9).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { pageSecurityHeaders } from './page-security.ts';

export interface StatusSection {
  readonly title: string;
  readonly rows: readonly (readonly [string, string])[];
}

export interface StatusLink {
  readonly href: string;
  readonly label: string;
}

/** Handles a request under its prefix; resolves to false to pass it on (404 when nobody takes it). */
export type RouteHandler = (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<boolean> | boolean;

export interface HttpAppOptions {
  readonly registry: Registry;
  /** Whether `/readyz` answers 200. */
  readonly ready: () => boolean;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STATUS_STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:52rem;padding:0 1rem;color:#1d2433}
h1{font-size:1.6rem}h2{font-size:1.1rem;margin-top:1.6rem;border-bottom:1px solid #d8dce6}
table{border-collapse:collapse;width:100%}th{text-align:left;width:14rem;color:#4a5368;font-weight:500;padding:.2rem .5rem .2rem 0;vertical-align:top}
td{padding:.2rem 0;font-family:ui-monospace,monospace;font-size:.9rem}a{color:#2457c5}`;
const STATUS_HEADERS = pageSecurityHeaders({ styles: [STATUS_STYLE] });

function statusPage(links: readonly StatusLink[], sections: readonly StatusSection[]): string {
  const linkList = links.map((link) => `<a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a>`).join(' · ');
  const body = sections
    .map(
      (section) =>
        `<section><h2>${escapeHtml(section.title)}</h2><table>${section.rows
          .map(([key, value]) => `<tr><th>${escapeHtml(key)}</th><td>${escapeHtml(value)}</td></tr>`)
          .join('')}</table></section>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Server Wars — status</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STATUS_STYLE}</style></head>
<body><h1>Server Wars: Dominion Protocol</h1>
<p>${linkList}</p>${body}</body></html>`;
}

/**
 * One process's HTTP server. Routes are matched by path prefix, longest
 * first; the built-in endpoints answer GET/HEAD only.
 */
export class HttpApp {
  readonly #options: HttpAppOptions;
  readonly #routes: { prefix: string; handler: RouteHandler }[] = [];
  readonly #links: StatusLink[] = [
    { href: '/healthz', label: '/healthz' },
    { href: '/readyz', label: '/readyz' },
    { href: '/metrics', label: '/metrics' },
  ];
  readonly #sections: (() => Promise<readonly StatusSection[]> | readonly StatusSection[])[] = [];
  readonly #onListen: ((server: Server) => void)[] = [];
  #cluster: (() => Promise<unknown>) | undefined;
  #server: Server | undefined;

  constructor(options: HttpAppOptions) {
    this.#options = options;
  }

  /** Serves every path that starts with `prefix` (e.g. `/ops`), unless the handler resolves to false. */
  route(prefix: string, handler: RouteHandler): this {
    if (this.#server) throw new Error(`route ${prefix} added after the server started listening`);
    this.#routes.push({ prefix, handler });
    this.#routes.sort((a, b) => b.prefix.length - a.prefix.length);
    return this;
  }

  /** A link on `/`. */
  link(href: string, label: string): this {
    this.#links.push({ href, label });
    return this;
  }

  /** Sections of `/`, computed on each request. */
  section(sections: () => Promise<readonly StatusSection[]> | readonly StatusSection[]): this {
    this.#sections.push(sections);
    return this;
  }

  /** `/cluster`: nodes, shards, owners, epochs, lag (processes that run a node). */
  cluster(view: () => Promise<unknown>): this {
    this.#cluster = view;
    return this.link('/cluster', '/cluster');
  }

  /** Called with the server once it listens (e.g. to attach Socket.IO). */
  onListen(attach: (server: Server) => void): this {
    if (this.#server) attach(this.#server);
    else this.#onListen.push(attach);
    return this;
  }

  get server(): Server | undefined {
    return this.#server;
  }

  listen(port: number, host: string): Promise<Server> {
    const server = createServer((request, response) => {
      void this.#handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(`internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      });
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        this.#server = server;
        for (const attach of this.#onListen) attach(server);
        resolve(server);
      });
    });
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = url.pathname;
    // Every answer, the roles' routes included: a browser never guesses a type other than the one sent.
    response.setHeader('x-content-type-options', 'nosniff');
    for (const { prefix, handler } of this.#routes) {
      if ((path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`)) && (await handler(request, response, url))) return;
    }
    const builtIn = ['/healthz', '/readyz', '/metrics', '/'].includes(path) || (path === '/cluster' && this.#cluster);
    if (builtIn && request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    switch (path) {
      case '/healthz':
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}\n');
        return;
      case '/readyz': {
        const ready = this.#options.ready();
        response.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' }).end(`{"ready":${ready}}\n`);
        return;
      }
      case '/metrics':
        response.writeHead(200, { 'content-type': this.#options.registry.contentType }).end(await this.#options.registry.metrics());
        return;
      case '/': {
        const sections = (await Promise.all(this.#sections.map((section) => section()))).flat();
        response.writeHead(200, { ...STATUS_HEADERS, 'content-type': 'text/html; charset=utf-8' }).end(statusPage(this.#links, sections));
        return;
      }
      default:
        if (path === '/cluster' && this.#cluster) {
          response.writeHead(200, { 'content-type': 'application/json' }).end(`${JSON.stringify(await this.#cluster())}\n`);
          return;
        }
        response.writeHead(404, { 'content-type': 'text/plain' }).end(`no page at ${path}\n`);
    }
  }
}
