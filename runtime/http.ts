// The HTTP face of a process: `/` (what is running, with links), `/healthz`
// (the process is alive), `/readyz` (it owns shards and can serve), `/metrics`
// (Prometheus), `/cluster` (the cluster view, JSON). Other roles mount their routes beside these later.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

export interface StatusSection {
  readonly title: string;
  readonly rows: readonly (readonly [string, string])[];
}

export interface StatusServerOptions {
  readonly host: string;
  readonly port: number;
  readonly registry: Registry;
  readonly ready: () => boolean;
  readonly status: () => Promise<readonly StatusSection[]>;
  /** JSON for `/cluster`: nodes, shards, owners, epochs, lag. */
  readonly cluster: () => Promise<unknown>;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function statusPage(sections: readonly StatusSection[]): string {
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
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:52rem;padding:0 1rem;color:#1d2433}
h1{font-size:1.6rem}h2{font-size:1.1rem;margin-top:1.6rem;border-bottom:1px solid #d8dce6}
table{border-collapse:collapse;width:100%}th{text-align:left;width:14rem;color:#4a5368;font-weight:500;padding:.2rem .5rem .2rem 0;vertical-align:top}
td{padding:.2rem 0;font-family:ui-monospace,monospace;font-size:.9rem}a{color:#2457c5}</style></head>
<body><h1>Server Wars: Dominion Protocol</h1>
<p>Endpoints: <a href="/healthz">/healthz</a> · <a href="/readyz">/readyz</a> · <a href="/metrics">/metrics</a> · <a href="/cluster">/cluster</a></p>${body}</body></html>`;
}

export function startStatusServer(options: StatusServerOptions): Promise<Server> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void handle(options, request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(`internal error: ${String(error)}\n`);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve(server));
  });
}

async function handle(options: StatusServerOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
    return;
  }
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  switch (path) {
    case '/healthz':
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}\n');
      return;
    case '/readyz': {
      const ready = options.ready();
      response.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' }).end(`{"ready":${ready}}\n`);
      return;
    }
    case '/cluster':
      response.writeHead(200, { 'content-type': 'application/json' }).end(`${JSON.stringify(await options.cluster())}\n`);
      return;
    case '/metrics':
      response.writeHead(200, { 'content-type': options.registry.contentType }).end(await options.registry.metrics());
      return;
    case '/':
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(statusPage(await options.status()));
      return;
    default:
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`no page at ${path}\n`);
  }
}
