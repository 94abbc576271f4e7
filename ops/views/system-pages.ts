// Pages for the cluster's machinery: timers and queues, feature flags,
// season, dead letters, audit log, game metrics, alerts. Admin controls are
// rendered for admins only; every change is confirmed where it destroys.
import type { AuditRow } from '../../storage/index.ts';
import type { seasonData } from '../api/system.ts';
import type { Incident } from '../services/alerts.ts';
import type { DeadLetter } from '../services/dead-letters.ts';
import type { FlagsView } from '../services/flags.ts';
import type { FigurePoint } from '../services/game-metrics.ts';
import type { QueuesView } from '../services/queues.ts';
import type { ClusterRates } from '../services/telemetry.ts';
import { lineChart, legend } from './charts.ts';
import { formatNumber, formatTime, html, json, raw, relative, type Html } from './html.ts';
import { readOnly } from './layout.ts';

const actorLink = (address: string): Html => html`<a class="mono" href="/ops/actors/${encodeURIComponent(address)}">${address}</a>`;

export function timersBody(view: QueuesView, now: number, admin: boolean): Html {
  if (view.mode === 'embedded') {
    return html`<div class="panel"><h2>In-memory timers</h2><p>This process runs the embedded backends: timers are kept in memory, not in BullMQ.</p>
    <div class="grid cols-4"><div class="stat"><div class="label">pending</div><div class="value">${view.memory?.pending ?? 0}</div></div>
    <div class="stat"><div class="label">next due</div><div class="value">${view.memory?.nextDue ? relative(view.memory.nextDue, now) : '—'}</div></div></div></div>`;
  }
  if (view.queues.length === 0) return html`<div class="panel empty">no BullMQ queue yet</div>`;
  return html`${view.queues.map(
    (queue) => html`<div class="panel" data-queue="${queue.name}"><h2>${queue.name}</h2>
    <div class="row">${Object.entries(queue.counts).map(([state, count]) => html`<span class="badge ${state === 'failed' && count > 0 ? 'bad' : ''}">${state} ${count}</span>`)}</div>
    <table><thead><tr><th>state</th><th>job</th><th>actor / timer</th><th>due</th><th class="num">attempts</th><th></th></tr></thead><tbody>${
      queue.jobs.length === 0
        ? html`<tr><td colspan="6" class="empty">no waiting, delayed or failed job</td></tr>`
        : queue.jobs.map(
            (job) =>
              html`<tr><td><span class="badge ${job.state === 'failed' ? 'bad' : job.state === 'waiting' ? 'warn' : 'info'}">${job.state}</span></td><td class="mono">${decodeURIComponent(job.id)}</td><td>${job.actor ? actorLink(job.actor) : job.name}${job.timer ? html`<br><span class="mono muted">${job.timer}</span>` : ''}</td><td title="${formatTime(job.due)}">${relative(job.due, now)}</td><td class="num">${job.attempts}</td><td>${
                job.state === 'failed'
                  ? html`<span class="muted">${job.failedReason ?? ''}</span>${
                      admin ? html` <form class="inline" data-action="/ops/api/timers/${encodeURIComponent(queue.name)}/${encodeURIComponent(job.id)}/retry"><button type="submit">Retry</button></form>` : ''
                    }`
                  : ''
              }</td></tr>`,
          )
    }</tbody></table></div>`,
  )}${admin ? '' : readOnly('retrying jobs')}`;
}

export function flagsBody(view: FlagsView, admin: boolean): Html {
  const behind = view.nodes.filter((node) => !node.current);
  return html`<div class="panel"><div class="row spread"><h2>Flags <span class="muted">version ${view.version}</span></h2>${
    view.nodes.length === 0
      ? html`<span class="badge warn">no runtime node alive</span>`
      : behind.length === 0
        ? html`<span class="badge ok" id="flags-applied">applied by all ${view.nodes.length} node(s)</span>`
        : html`<span class="badge warn" id="flags-applied">${behind.length} of ${view.nodes.length} node(s) behind</span>`
  }</div>
  <table id="flags"><thead><tr><th>flag</th><th>features.yaml</th><th>switched at runtime</th><th>in force</th><th></th></tr></thead><tbody>${view.flags.map(
    (flag) =>
      html`<tr data-flag="${flag.name}"><td class="mono">${flag.name}</td><td>${flag.configured ? 'on' : 'off'}</td><td>${flag.override === null ? html`<span class="muted">—</span>` : html`<span class="badge warn">${flag.override ? 'on' : 'off'}</span>`}</td><td><span class="badge ${flag.effective ? 'ok' : 'bad'}">${flag.effective ? 'ON' : 'OFF'}</span></td><td>${
        admin
          ? html`<form class="inline" data-action="/ops/api/flags/${flag.name}" data-confirm="Switch ${flag.name} ${flag.effective ? 'OFF' : 'ON'} on every node now?"><input type="hidden" name="value" value="${String(!flag.effective)}"><button type="submit" class="${flag.effective ? 'danger' : 'primary'}">Turn ${flag.effective ? 'off' : 'on'}</button></form>${
              flag.override === null ? '' : html` <form class="inline" data-action="/ops/api/flags/${flag.name}"><input type="hidden" name="value" value="null"><button type="submit">Back to default</button></form>`
            }`
          : ''
      }</td></tr>`,
  )}</tbody></table>
  <p class="hint">A switch takes effect on every runtime node at once: it is stamped into each event the runtime gives a machine and kept in the message log, so a replay sees what each message saw. A nation's own override (/admin) still wins for that nation.</p></div>${admin ? '' : readOnly('switching flags')}`;
}

export function seasonBody(data: Awaited<ReturnType<typeof seasonData>>, now: number, admin: boolean): Html {
  if (!data.exists) {
    return html`<div class="panel"><h2>No season yet</h2><p>The season actor (<span class="mono">season:current</span>) is created by its first start.</p>${
      admin
        ? html`<form data-action="/ops/api/season/start" data-confirm="Start season 1 now? Every nation will see the pre-season begin." data-confirm-word="start"><input type="hidden" name="confirm" value="start"><button class="primary" type="submit">Start the season</button></form>`
        : readOnly('starting the season')
    }</div>`;
  }
  const phases = ['pre', 'active', 'post'];
  return html`<div class="grid cols-4">
    <div class="stat"><div class="label">season</div><div class="value">${data.number || '—'}</div><div class="sub">${data.theme}</div></div>
    <div class="stat"><div class="label">phase</div><div class="value" id="season-phase">${data.phase}</div><div class="sub">${phases.map((phase) => (phase === data.phase ? `[${phase}]` : phase)).join(' → ')}</div></div>
    <div class="stat"><div class="label">phase ends</div><div class="value">${data.phaseEndsAt ? relative(data.phaseEndsAt, now) : '—'}</div><div class="sub">${data.phaseEndsAt ? formatTime(data.phaseEndsAt) : ''}</div></div>
    <div class="stat"><div class="label">actor</div><div class="value">v${data.version}</div><div class="sub">${actorLink(data.address)}</div></div></div>
  <div class="panel"><h2>Deadlines</h2><table><thead><tr><th>timer</th><th>event</th><th>due</th></tr></thead><tbody>${
    data.timers.length === 0 ? html`<tr><td colspan="3" class="empty">none pending</td></tr>` : data.timers.map((timer) => html`<tr><td class="mono">${timer.id}</td><td class="mono">${timer.event.type}</td><td>${formatTime(timer.due)} <span class="muted">(${relative(timer.due, now)})</span></td></tr>`)
  }</tbody></table></div>
  <div class="panel"><h2>Control</h2>${
    admin
      ? html`<div class="row"><form data-action="/ops/api/season/advance" data-confirm="End the ${data.phase} phase of season ${data.number} now? This cannot be undone." data-confirm-word="advance"><input type="hidden" name="confirm" value="advance"><input type="hidden" name="expect" value="${data.version}"><button class="danger" type="submit">End ${data.phase} phase now</button></form>
      <form data-action="/ops/api/season/start" data-confirm="Start the season? (Refused when one is running.)" data-confirm-word="start"><input type="hidden" name="confirm" value="start"><button type="submit">Start</button></form></div>`
      : readOnly('starting the season or ending a phase')
  }</div>
  <div class="panel"><h2>Archive</h2><pre class="json">${json(data.archive)}</pre></div>`;
}

export function deadLettersBody(letters: readonly DeadLetter[], now: number, admin: boolean): Html {
  return html`<div class="panel"><table id="dead-letters"><thead><tr><th>when</th><th>shard</th><th>to</th><th>error</th><th class="num">tries</th><th></th></tr></thead><tbody>${
    letters.length === 0
      ? html`<tr><td colspan="6" class="empty">no dead letters — every message was processed</td></tr>`
      : letters.map(
          (letter) =>
            html`<tr data-entry="${letter.entry}"><td title="${formatTime(letter.at)}">${relative(letter.at, now)}</td><td class="num">${letter.shard}</td><td>${letter.to ? actorLink(letter.to) : html`<span class="muted">(unreadable)</span>`}</td><td><span class="badge bad">${letter.code}</span> ${letter.error}<details><summary>message and stack</summary><pre class="json">${letter.body}</pre>${letter.stack ? html`<pre class="json">${letter.stack}</pre>` : ''}</details></td><td class="num">${letter.tries}</td><td>${
              admin
                ? html`<div class="row"><form class="inline" data-action="/ops/api/dead-letters/${letter.shard}/${encodeURIComponent(letter.entry)}/retry" data-confirm="Send this message to ${letter.to ?? 'its actor'} again (under a new id)?"><button type="submit">Retry</button></form><form class="inline" data-action="/ops/api/dead-letters/${letter.shard}/${encodeURIComponent(letter.entry)}/discard" data-confirm="Discard this dead letter for good?" data-confirm-word="discard"><input type="hidden" name="confirm" value="discard"><button class="danger" type="submit">Discard</button></form></div>`
                : ''
            }</td></tr>`,
        )
  }</tbody></table></div>${admin ? '' : readOnly('retrying or discarding dead letters')}`;
}

export function auditBody(entries: readonly AuditRow[], target: string): Html {
  return html`<div class="panel"><form method="get" action="/ops/audit" class="row"><input name="target" value="${target}" placeholder="target (actor address, flag:name…)" size="40" aria-label="target"><button type="submit">Filter</button>${target ? html`<a href="/ops/audit">all</a>` : ''}</form></div>
  <div class="panel"><table id="audit"><thead><tr><th>when</th><th>who</th><th>what</th><th>target</th><th>outcome</th><th>before → after</th></tr></thead><tbody>${
    entries.length === 0
      ? html`<tr><td colspan="6" class="empty">nothing done yet</td></tr>`
      : entries.map(
          (entry) =>
            html`<tr data-audit="${entry.id}"><td>${formatTime(entry.at)}</td><td><strong>${entry.operator}</strong> <span class="muted">${entry.role}</span></td><td class="mono">${entry.action}</td><td>${entry.target.includes(':') && !entry.target.startsWith('flag:') && !entry.target.startsWith('queue:') && !entry.target.startsWith('dead:') ? actorLink(entry.target) : html`<span class="mono">${entry.target}</span>`}</td><td><span class="badge ${entry.outcome === 'ok' ? 'ok' : entry.outcome === 'refused' ? 'warn' : 'bad'}">${entry.outcome}</span>${entry.detail ? html`<br><span class="muted">${entry.detail}</span>` : ''}</td><td><details><summary>request, before, after</summary><pre class="json">${json({ request: entry.request, before: entry.before, after: entry.after })}</pre></details></td></tr>`,
        )
  }</tbody></table></div>`;
}

export function metricsBody(game: readonly FigurePoint[], cluster: readonly ClusterRates[]): Html {
  const last = game.at(-1);
  const figure = (label: string, value: number | undefined, sub = '') => html`<div class="stat"><div class="label">${label}</div><div class="value">${value === undefined ? '—' : formatNumber(value)}</div><div class="sub">${sub}</div></div>`;
  const generated = last ? Object.entries(last.resourcesGenerated).map(([resource, amount]) => `${resource} ${formatNumber(amount)}`).join(' · ') : '';
  const latest = cluster.at(-2) ?? cluster.at(-1);
  const panel = (title: string, chart: string, labels: string[]) => html`<div class="panel"><h2>${title}</h2>${raw(chart)}${raw(legend(labels))}</div>`;
  return html`<div class="grid cols-6">
    ${figure('Active nations', last?.activeNations, last ? `of ${last.nations} registered` : '')}
    ${figure('Daily active players', last?.dailyActivePlayers, 'last 24 h')}
    ${figure('Wars / day', last?.warsPerDay, 'declared, last 24 h')}
    ${figure('Alliances / day', last?.alliancesPerDay, 'proposed, last 24 h')}
    <div class="stat"><div class="label">Command latency</div><div class="value">${latest?.latencyP95 === null || latest === undefined ? '—' : `${formatNumber((latest.latencyP95 ?? 0) * 1000)} ms`}</div><div class="sub">p95 · p50 ${latest?.latencyP50 == null ? '—' : `${formatNumber(latest.latencyP50 * 1000)} ms`}</div></div>
    <div class="stat ${latest && latest.errorRatio > 0.05 ? 'warn' : ''}"><div class="label">Command errors</div><div class="value">${latest ? `${formatNumber(latest.errorRatio * 100, 1)} %` : '—'}</div><div class="sub">refused, timed out or failed</div></div>
  </div>
  <p class="hint">Resources generated in the last 24 h: ${generated || '—'}. Exported on /metrics as game_* gauges.</p>
  <div class="grid cols-2">
    ${panel('Players and nations', lineChart([{ label: 'daily active players', points: game.map((p) => [p.at, p.dailyActivePlayers]) }, { label: 'active nations', points: game.map((p) => [p.at, p.activeNations]) }]), ['daily active players', 'active nations'])}
    ${panel('Wars and alliances per day', lineChart([{ label: 'wars', points: game.map((p) => [p.at, p.warsPerDay]) }, { label: 'alliances', points: game.map((p) => [p.at, p.alliancesPerDay]) }]), ['wars', 'alliances'])}
    ${panel('Resources generated (24 h)', lineChart(['gold', 'food', 'materials'].map((resource) => ({ label: resource, points: game.map((p) => [p.at, p.resourcesGenerated[resource] ?? 0] as const) }))), ['gold', 'food', 'materials'])}
    ${panel('Messages per second', lineChart([{ label: 'messages/s', points: cluster.map((p) => [p.at, p.messagesPerSecond]) }, { label: 'dead letters/s', points: cluster.map((p) => [p.at, p.deadLettersPerSecond]) }]), ['messages/s', 'dead letters/s'])}
    ${panel('Command latency (s)', lineChart([{ label: 'p95', points: cluster.map((p) => [p.at, p.latencyP95]) }, { label: 'p50', points: cluster.map((p) => [p.at, p.latencyP50]) }], { format: (v) => v.toFixed(3) }), ['p95', 'p50'])}
    ${panel('Inbox wait until a node takes a message up (s)', lineChart([{ label: 'p95', points: cluster.map((p) => [p.at, p.queueWaitP95]) }, { label: 'p50', points: cluster.map((p) => [p.at, p.queueWaitP50]) }], { format: (v) => v.toFixed(3) }), ['p95', 'p50'])}
    ${panel('Command error rate', lineChart([{ label: 'errors', points: cluster.map((p) => [p.at, p.errorRatio * 100]) }], { format: (v) => `${v.toFixed(0)}%` }), ['% refused, timed out or failed'])}
  </div>`;
}

export function alertsBody(incidents: { readonly open: readonly Incident[]; readonly resolved: readonly Incident[] }, now: number, webhook: boolean): Html {
  const row = (incident: Incident) =>
    html`<tr data-alert="${incident.key}"><td><span class="badge ${incident.resolvedAt ? 'ok' : 'bad'}">${incident.resolvedAt ? 'resolved' : 'firing'}</span></td><td><strong>${incident.title}</strong><br><span class="muted">${incident.detail}</span></td><td>${formatTime(incident.since)}<br><span class="muted">${relative(incident.since, now)}</span></td><td>${incident.resolvedAt ? formatTime(incident.resolvedAt) : '—'}</td><td>${incident.notified ? (webhook ? 'sent' : 'no webhook set') : 'pending'}</td></tr>`;
  return html`<div class="panel"><h2>Open</h2><table id="open-alerts"><thead><tr><th></th><th>alert</th><th>since</th><th>resolved</th><th>webhook</th></tr></thead><tbody>${
    incidents.open.length === 0 ? html`<tr><td colspan="5" class="empty">all clear</td></tr>` : incidents.open.map(row)
  }</tbody></table></div>
  <div class="panel"><h2>Recently resolved</h2><table><tbody>${incidents.resolved.length === 0 ? html`<tr><td class="empty">none</td></tr>` : incidents.resolved.map(row)}</tbody></table>
  <p class="hint">Watched: Redis or PostgreSQL unreachable, a shard unowned longer than its lease, dead letters growing, the scheduler stalled, write-behind lag over its bound. Each incident is sent once to OPS_ALERT_WEBHOOK${webhook ? '' : ' (not set)'}.</p></div>`;
}
