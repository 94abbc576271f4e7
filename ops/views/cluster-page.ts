// The cluster page: nodes (with their GC pauses and event-loop delay, which
// set much of a node's latency tail), shard owners and epochs, stream and
// write-behind lag, messages/s and dead letters — refreshed every second.
import type { clusterData } from '../api/system.ts';
import { lineChart, legend } from './charts.ts';
import { formatNumber, html, raw, relative, type Html } from './html.ts';

type ClusterData = Awaited<ReturnType<typeof clusterData>>;

const stat = (label: string, value: string, sub = '', tone = ''): Html =>
  html`<div class="stat ${tone}"><div class="label">${label}</div><div class="value">${value}</div><div class="sub">${sub}</div></div>`;

/**
 * A node's GC and event-loop cells. Marked when they would show in its
 * requests' latency: over 10 % of the time paused, or a p99 loop delay past 100 ms.
 */
function healthCells(health: ClusterData['health'][number] | undefined): Html {
  if (!health) return html`<td class="num gc"><span class="muted">no telemetry yet</span></td><td class="num loop"><span class="muted">—</span></td>`;
  const pause = health.scavengeMeanMs === null ? 'no scavenge' : `${formatNumber(health.scavengeMeanMs, 1)} ms a scavenge`;
  const gcTone = health.gcShare > 0.1 ? 'warn' : '';
  const loop = health.eventLoopP99Ms;
  return html`<td class="num gc ${gcTone}" title="${pause}">${formatNumber(health.gcShare * 100, 1)} %<div class="sub muted">${pause}</div></td><td class="num loop ${loop !== null && loop > 100 ? 'warn' : ''}">${
    loop === null ? html`<span class="muted">—</span>` : `${formatNumber(loop, 1)} ms`
  }</td>`;
}

export function clusterFragment(data: ClusterData, now: number): Html {
  const owners = data.nodes.map((node) => node.id);
  const colour = (owner: string | null) => (owner === null ? '' : `owner-${owners.indexOf(owner) % 6}`);
  const rates = data.rates;
  const lagging = data.shards.filter((shard) => shard.backlog + shard.pending > 100).length;
  const flagVersion = new Map((data.flags?.nodes ?? []).map((node) => [node.id, node]));
  const healthOf = new Map(data.health.map((health) => [health.source, health]));
  const stats = html`<div class="grid cols-6">
    ${stat('Nodes', String(data.totals.nodes), `${data.sources.length} process(es) reporting`)}
    ${stat('Shards', `${data.shards.length - data.totals.unowned}/${data.shards.length}`, data.totals.unowned > 0 ? `${data.totals.unowned} unowned` : 'all owned', data.totals.unowned > 0 ? 'bad' : 'good')}
    ${stat('Messages/s', rates ? formatNumber(rates.messagesPerSecond, 1) : '—', rates ? `${formatNumber(rates.commandsPerSecond, 1)} commands/s` : 'waiting for telemetry')}
    ${stat('Stream lag', formatNumber(data.totals.backlog + data.totals.pending), `${data.totals.backlog} waiting · ${data.totals.pending} in flight · ${data.totals.outbox} outbox`, lagging > 0 ? 'warn' : '')}
    ${stat('Write-behind lag', formatNumber(data.totals.dirty), 'actors PostgreSQL has not caught up with', data.totals.dirty > 1000 ? 'warn' : '')}
    ${stat('Dead letters', formatNumber(data.totals.dead), rates && rates.deadLettersPerSecond > 0 ? `${formatNumber(rates.deadLettersPerSecond, 2)}/s` : 'none new', data.totals.dead > 0 ? 'bad' : 'good')}
  </div>`;
  const nodes = html`<div class="panel"><h2>Nodes</h2><table id="nodes"><thead><tr><th>node</th><th>last heartbeat</th><th class="num">shards</th><th class="num" title="share of the last sampling interval the process spent paused in garbage collection; mean scavenge pause">paused in GC</th><th class="num" title="p99 of the process's event-loop delay">event loop p99</th><th>flags applied</th></tr></thead><tbody>${
    data.nodes.length === 0
      ? html`<tr><td colspan="6" class="empty">no runtime node is alive</td></tr>`
      : data.nodes.map((node) => {
          const flags = flagVersion.get(node.id);
          return html`<tr data-node="${node.id}"><td><span class="swatch ${colour(node.id)}"></span><span class="mono">${node.id}</span></td><td>${relative(now - node.lastSeenMs, now)}</td><td class="num">${node.shards.length}</td>${healthCells(healthOf.get(node.id))}<td>${
            flags ? (flags.current ? html`<span class="badge ok">v${flags.version ?? 0}</span>` : html`<span class="badge warn">v${flags.version ?? '?'} (behind)</span>`) : html`<span class="muted">—</span>`
          }</td></tr>`;
        })
  }</tbody></table></div>`;
  const shardMap = html`<div class="panel"><h2>Shards <span class="muted">owner · epoch · lag</span></h2><div class="shards" id="shards">${data.shards.map(
    (shard) =>
      html`<div class="shard ${shard.owner === null ? 'unowned' : colour(shard.owner)} ${shard.backlog + shard.pending > 100 ? 'lagging' : ''}" data-shard="${shard.shard}" title="${`shard ${shard.shard}: owner ${shard.owner ?? 'none'}, epoch ${shard.epoch}, lease ${shard.leaseMsLeft} ms left, backlog ${shard.backlog}, in flight ${shard.pending}, outbox ${shard.outbox}, dirty ${shard.dirty}, dead ${shard.dead}`}"><b>${shard.shard}</b><span class="o">${shard.owner ?? 'unowned'}</span><span class="o">e${shard.epoch % 100000} · ${shard.backlog + shard.pending}${shard.dead > 0 ? ` · ☠${shard.dead}` : ''}</span></div>`,
  )}</div></div>`;
  const series = data.series;
  const chart = html`<div class="panel"><h2>Throughput <span class="muted">cluster-wide, per 10 s</span></h2>${raw(
    lineChart([
      { label: 'messages/s', points: series.map((point) => [point.at, point.messagesPerSecond]) },
      { label: 'commands/s', points: series.map((point) => [point.at, point.commandsPerSecond]) },
    ]),
  )}${raw(legend(['messages/s', 'commands/s']))}</div>`;
  return html`${stats}<div class="grid cols-2">${nodes}${chart}</div>${shardMap}`;
}
