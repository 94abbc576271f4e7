// The actor browser: find by kind, id or name; an actor's page with its
// statechart (current state highlighted), snapshot, version, pending timers,
// recent messages and their effects, the admin's event composer, and the
// replay slider.
import type { ActorMatch } from '../../storage/index.ts';
import type { actorJson, replayData } from '../api/actors.ts';
import { chartOf } from '../statechart/graph.ts';
import { statechartSvg } from '../statechart/svg.ts';
import type { MessageView } from '../services/actor-reader.ts';
import type { Change } from '../services/diff.ts';
import { formatTime, html, json, raw, relative, stateText, type Html } from './html.ts';
import { readOnly } from './layout.ts';
import type { AnyStateMachine } from 'xstate';

type ActorData = ReturnType<typeof actorJson>;
type ReplayData = Awaited<ReturnType<typeof replayData>>;

const actorLink = (address: string): Html => html`<a class="mono" href="/ops/actors/${encodeURIComponent(address)}">${address}</a>`;

export function searchBody(kinds: readonly string[], kind: string, q: string, results: readonly Pick<ActorMatch, 'address' | 'kind' | 'version' | 'value' | 'name' | 'updatedAt'>[], now: number): Html {
  return html`<div class="panel"><form method="get" action="/ops/actors" class="row" id="actor-search">
    <select name="kind" aria-label="kind"><option value="">every kind</option>${kinds.map((name) => html`<option value="${name}"${name === kind ? raw(' selected') : ''}>${name}</option>`)}</select>
    <input name="q" value="${q}" placeholder="id, address or name" aria-label="id, address or name" size="34">
    <button class="primary" type="submit">Find</button>
    <span class="hint">An exact address (e.g. <span class="mono">season:current</span>) is read live even before it reaches PostgreSQL.</span>
  </form></div>
  <div class="panel"><table id="actor-results"><thead><tr><th>actor</th><th>kind</th><th>name</th><th>state</th><th class="num">version</th><th>written behind</th></tr></thead><tbody>${
    results.length === 0
      ? html`<tr><td colspan="6" class="empty">no actor matches</td></tr>`
      : results.map(
          (row) =>
            html`<tr><td>${actorLink(row.address)}</td><td><span class="badge">${row.kind}</span></td><td>${row.name ?? ''}</td><td><span class="state-pill">${stateText(row.value)}</span></td><td class="num">${row.version}</td><td class="muted">${row.updatedAt ? relative(row.updatedAt, now) : 'not yet'}</td></tr>`,
        )
  }</tbody></table></div>`;
}

function effectBadges(effects: Record<string, unknown>): Html {
  const count = (key: string) => (Array.isArray(effects[key]) ? (effects[key] as unknown[]).length : 0);
  const badges: Html[] = [];
  for (const [key, label] of [['sends', 'send'], ['emits', 'emit'], ['notifies', 'notify'], ['records', 'record'], ['arm', 'timer armed'], ['cancel', 'timer cancelled']] as const) {
    const n = count(key);
    if (n > 0) badges.push(html`<span class="badge info">${n} ${label}</span>`);
  }
  if (effects.flags) badges.push(html`<span class="badge warn" title="${JSON.stringify(effects.flags)}">flags</span>`);
  return html`<span class="effects">${badges}</span>`;
}

function eventText(message: Record<string, unknown>): string {
  const { type, ...fields } = (message.event ?? {}) as Record<string, unknown>;
  const timer = message.timer as { id?: string } | undefined;
  if (timer) return `⏰ ${timer.id ?? ''}`;
  const text = JSON.stringify(fields);
  return `${String(type)} ${text === '{}' ? '' : text.length > 110 ? `${text.slice(0, 110)}…` : text}`;
}

export function messagesTable(messages: readonly MessageView[], now: number): Html {
  return html`<table class="messages" id="messages"><thead><tr><th class="num">v</th><th>when</th><th>message</th><th>from</th><th>effects</th></tr></thead><tbody>${
    messages.length === 0
      ? html`<tr><td colspan="5" class="empty">no messages logged</td></tr>`
      : messages.map(
          (message) =>
            html`<tr data-version="${message.version}"><td class="num">${message.version}</td><td title="${formatTime(message.at)}">${relative(message.at, now)}${message.pending ? html` <span class="badge warn" title="not yet written behind to PostgreSQL">live</span>` : ''}</td><td class="mono">${eventText(message.message)}</td><td class="mono muted">${String(message.message.from ?? (message.message.timer ? 'timer' : 'client'))}</td><td><details><summary>${effectBadges(message.effects)}</summary><pre>${json(message.effects)}</pre></details></td></tr>`,
        )
  }</tbody></table>`;
}

export function actorLive(actor: ActorData, machine: AnyStateMachine, now: number, admin: boolean): Html {
  const chart = statechartSvg(chartOf(machine), actor.value, { title: `statechart of ${actor.address}, now in ${stateText(actor.value)}` });
  const timers = html`<table id="timers"><thead><tr><th>timer</th><th>event</th><th>due</th><th></th></tr></thead><tbody>${
    actor.timers.length === 0
      ? html`<tr><td colspan="4" class="empty">no pending timer</td></tr>`
      : actor.timers.map(
          (timer) =>
            html`<tr data-timer="${timer.id}"><td class="mono">${timer.id}</td><td class="mono">${timer.event.type}</td><td title="${formatTime(timer.due)}">${formatTime(timer.due)}<br><span class="muted">${relative(timer.due, now)}</span></td><td>${
              admin
                ? html`<form data-action="/ops/api/actors/${encodeURIComponent(actor.address)}/timers/${encodeURIComponent(timer.id)}/fire" data-confirm="Fire timer ${timer.id} of ${actor.address} now, ahead of its due time? The actor takes it as happening now." data-confirm-word="fire"><input type="hidden" name="expect" value="${actor.version}"><button class="danger" type="submit">Fire now</button></form>`
                : ''
            }</td></tr>`,
        )
  }</tbody></table>`;
  return html`<div data-newest="${actor.version}" data-state="${stateText(actor.value)}" id="actor-live">
  <div class="actor-head"><span class="state-pill" id="state-value">${stateText(actor.value)}</span><span>version <strong id="actor-version">${actor.version}</strong></span><span class="badge ${actor.source === 'live' ? 'ok' : 'warn'}">${actor.source === 'live' ? 'live state (Redis)' : 'from PostgreSQL (not in Redis)'}</span>${actor.status !== 'active' ? html`<span class="badge">${actor.status}</span>` : ''}</div>
  <div class="panel"><h2>Statechart</h2><div class="chart-wrap" id="statechart">${raw(chart)}</div></div>
  <div class="grid cols-2">
    <div class="panel"><h2>Pending timers</h2>${timers}<h3>Snapshot</h3><details open><summary>persisted snapshot and timers (JSON)</summary><pre class="json" id="snapshot">${json(actor.snapshot)}</pre></details></div>
    <div class="panel"><h2>Recent messages</h2>${messagesTable(actor.messages, now)}</div>
  </div></div>`;
}

export function composer(actor: ActorData): Html {
  const kindEvents = actor.events.map((type) => html`<option value="${type}">${type}</option>`);
  return html`<div class="panel" id="composer"><h2>Send an event</h2>
  <p class="hint">Checked by the ${actor.kind} schema, shown as a diff first, then delivered through the actor's own mailbox carrying the version it was based on: if the actor has moved on meanwhile, it is refused and nothing changes.</p>
  <form id="event-form" data-action="/ops/api/actors/${encodeURIComponent(actor.address)}/events" data-preview="/ops/api/actors/${encodeURIComponent(actor.address)}/preview">
    <div class="row"><div class="field"><label for="event-type">event</label><select id="event-type" name="type">${kindEvents}</select></div>
    <div class="field"><label>based on version</label><input name="expect" id="event-expect" value="${actor.version}" size="6" readonly></div></div>
    <div class="field"><label for="event-fields">fields (JSON)</label><textarea id="event-fields" name="fields" spellcheck="false">{}</textarea></div>
    <div class="row"><button type="button" id="preview-button">Preview</button><button class="primary" type="submit" id="send-button" disabled>Send</button><span class="hint" id="composer-hint">Preview first.</span></div>
  </form>
  <div id="preview" class="diff"></div></div>`;
}

export function changesList(changes: readonly Change[]): Html {
  if (changes.length === 0) return html`<p class="muted">no change to the context</p>`;
  return html`<table class="diff"><tbody>${changes.map(
    (change) =>
      html`<tr><td class="path">${change.path}</td><td>${change.kind === 'added' ? '' : html`<span class="before">${JSON.stringify(change.before)}</span>`} ${change.kind === 'removed' ? '' : html`<span class="after">${JSON.stringify(change.after)}</span>`}</td></tr>`,
  )}</tbody></table>`;
}

export function replayPanel(address: string, newest: number): Html {
  return html`<div class="panel" id="replay"><h2>Replay</h2>
  <p class="hint">Rebuilds the state at any earlier message from the message log, with the same pure step the runtime ran (its time, seed and runtime flags).</p>
  <div class="replay"><input type="range" id="replay-slider" min="${newest > 0 ? 1 : 0}" max="${newest}" value="${newest}" data-replay="/ops/actors/${encodeURIComponent(address)}/replay-view" aria-label="replay to version"><span>version <strong id="replay-version">${newest}</strong> of <span id="replay-newest">${newest}</span></span></div>
  <div id="replay-view" data-loaded="0"></div></div>`;
}

export function replayView(data: ReplayData, machine: AnyStateMachine): Html {
  const message = data.message;
  return html`<div data-replay-version="${data.version}"><div class="row spread"><span>at version <strong>${data.version}</strong>: <span class="state-pill" id="replay-state">${stateText(data.value)}</span></span>${
    message ? html`<span class="mono muted">${formatTime(message.at)} · ${message.timer ? `timer ${message.timer.id}` : String(message.event.type)}${message.flags ? ` · flags ${JSON.stringify(message.flags)}` : ''}</span>` : ''
  }</div>
  <div class="chart-wrap">${raw(statechartSvg(chartOf(machine), data.value, { title: `statechart at version ${data.version}` }))}</div>
  <div class="grid cols-2"><div><h3>What this message changed</h3>${changesList(data.changes)}</div><div><h3>Its effects</h3><pre class="json">${json(data.effects)}</pre></div></div>
  <details><summary>context at version ${data.version}</summary><pre class="json">${json(data.context)}</pre></details></div>`;
}

export function actorBody(actor: ActorData, machine: AnyStateMachine, now: number, admin: boolean): Html {
  return html`<div data-watch="${actor.address}" data-version="${actor.version}">
  <div data-fragment="live" data-watch-target>${actorLive(actor, machine, now, admin)}</div>
  ${admin ? composer(actor) : readOnly('sending events and firing timers')}
  ${replayPanel(actor.address, actor.version)}
  </div>`;
}
