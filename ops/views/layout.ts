// The console's page shell: the navigation rail, who is logged in (and a
// logout), the open alerts on every page, and the page itself. Pages that
// refresh themselves mark a region with data-refresh (ops/ui/app.js).
import type { Caller } from '../http/gate.ts';
import type { Incident } from '../services/alerts.ts';
import { html, raw, relative, type Html } from './html.ts';

export const NAV = [
  { href: '/ops', label: 'Cluster' },
  { href: '/ops/actors', label: 'Actors' },
  { href: '/ops/timers', label: 'Timers & queues' },
  { href: '/ops/flags', label: 'Feature flags' },
  { href: '/ops/season', label: 'Season' },
  { href: '/ops/dead-letters', label: 'Dead letters' },
  { href: '/ops/audit', label: 'Audit log' },
  { href: '/ops/metrics', label: 'Game metrics' },
  { href: '/ops/alerts', label: 'Alerts' },
] as const;

export interface ShellOptions {
  readonly title: string;
  readonly current: string;
  readonly caller: Caller;
  readonly csrf: string;
  readonly alerts: readonly Incident[];
  readonly now: number;
  readonly deadLetters?: number;
}

export function alertBanner(alerts: readonly Incident[], now: number): Html {
  if (alerts.length === 0) return html``;
  return html`<div class="alerts" id="alerts">${alerts.map(
    (alert) => html`<div class="alert" data-alert="${alert.key}"><strong>${alert.title}</strong><span>${alert.detail}</span><span class="muted">since ${relative(alert.since, now)}</span></div>`,
  )}</div>`;
}

export function page(options: ShellOptions, body: Html): string {
  const { caller } = options;
  const nav = NAV.map((item) => {
    const count = item.href === '/ops/alerts' && options.alerts.length > 0 ? html`<span class="badge bad">${options.alerts.length}</span>` : item.href === '/ops/dead-letters' && options.deadLetters ? html`<span class="badge warn">${options.deadLetters}</span>` : html``;
    return html`<a class="nav${item.href === options.current ? ' current' : ''}" href="${item.href}">${item.label}${count}</a>`;
  });
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${options.title} · Server Wars ops</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${options.csrf}">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/ops/assets/style.css">
<script type="module" src="/ops/assets/app.js"></script></head>
<body data-role="${caller.role}">
<div class="shell">
<nav class="rail">
  <div class="brand"><div class="brand-mark">SW</div><div class="brand-name">Server Wars<small>operations console</small></div></div>
  ${nav}
  <div class="who">Signed in as <strong>${caller.name}</strong><br><span class="badge ${caller.role === 'admin' ? 'warn' : 'info'}">${caller.role}</span>
  ${caller.via === 'cookie' ? html`<form method="post" action="/ops/logout"><input type="hidden" name="csrf" value="${options.csrf}"><button type="submit">Log out</button></form>` : html``}</div>
</nav>
<main>
<div data-refresh="4000" data-fragment="alerts">${alertBanner(options.alerts, options.now)}</div>
${body}
</main></div>
<dialog id="confirm"><h2 id="confirm-title">Are you sure?</h2><p id="confirm-text"></p><div class="row"><button class="danger" id="confirm-yes">Confirm</button><button id="confirm-no">Cancel</button></div></dialog>
</body></html>`.html;
}

export function head(title: string, subtitle: string | Html, live = false): Html {
  return html`<div class="page-head"><div><h1>${title}</h1><p>${subtitle}</p></div>${live ? raw('<span class="live-dot">live</span>') : ''}</div>`;
}

/** Shown to viewers where an admin would find the controls. */
export const readOnly = (what: string): Html => html`<p class="readonly-note">Read-only: ${what} needs the admin role.</p>`;

export function loginPage(options: { error?: string; next: string }): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Log in · Server Wars ops</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/ops/assets/style.css"></head>
<body><div class="login"><div class="brand"><div class="brand-mark">SW</div><div class="brand-name">Server Wars<small>operations console</small></div></div>
<div class="panel"><h2>Log in</h2>
<form method="post" action="/ops/login">
<input type="hidden" name="next" value="${options.next}">
<div class="field"><label for="token">Operator token</label><input id="token" name="token" type="password" autocomplete="current-password" required autofocus></div>
${options.error ? html`<p class="badge bad" id="login-error">${options.error}</p>` : html``}
<p><button class="primary" type="submit">Log in</button></p>
<p class="hint">Tokens come from OPS_TOKENS (name:role:token). Sessions last 12 hours.</p>
</form></div></div></body></html>`.html;
}
