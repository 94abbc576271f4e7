// Line charts as SVG, drawn on the server from a few series of (time, value)
// points: grid lines, a y axis with round ticks, time labels. Pure.
import { escapeHtml, formatNumber } from './html.ts';

export interface Series {
  readonly label: string;
  readonly points: readonly (readonly [number, number | null])[];
}

const W = 560;
const H = 170;
const LEFT = 46;
const BOTTOM = 22;
const TOP = 10;

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** HH:MM, or HH:MM:SS over a span of a few minutes, where minutes alone would repeat. */
const clock = (ms: number, spanMs: number): string => new Date(ms).toISOString().slice(11, spanMs < 3 * 60_000 ? 19 : 16);

export function lineChart(series: readonly Series[], options: { format?: (value: number) => string; title?: string } = {}): string {
  const format = options.format ?? ((value: number) => formatNumber(value, value < 1 && value > 0 ? 2 : value < 10 ? 1 : 0));
  const all = series.flatMap((one) => one.points).filter((point): point is readonly [number, number] => point[1] !== null);
  const head = `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(options.title ?? series.map((one) => one.label).join(', '))}">`;
  const t0 = Math.min(...all.map(([t]) => t));
  const t1 = Math.max(...all.map(([t]) => t));
  // A line needs two moments; points of one instant (one sample per series) are not a chart yet.
  if (all.length < 2 || t1 === t0) return `${head}<text class="nodata" x="${W / 2}" y="${H / 2}" text-anchor="middle">collecting data…</text></svg>`;
  const top = niceMax(Math.max(...all.map(([, v]) => v)));
  const x = (t: number) => LEFT + ((t - t0) / Math.max(1, t1 - t0)) * (W - LEFT - 8);
  const y = (v: number) => TOP + (1 - v / top) * (H - TOP - BOTTOM);
  const parts: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const value = (top * i) / 4;
    parts.push(`<line class="grid-line" x1="${LEFT}" x2="${W - 8}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}"/>`);
    parts.push(`<text class="axis" x="${LEFT - 6}" y="${(y(value) + 3.5).toFixed(1)}" text-anchor="end">${escapeHtml(format(value))}</text>`);
  }
  // The end labels are anchored inwards, so neither runs past the chart's edge.
  const times = [
    [t0, 'start'],
    [(t0 + t1) / 2, 'middle'],
    [t1, 'end'],
  ] as const;
  for (const [t, anchor] of times) parts.push(`<text class="axis" x="${x(t).toFixed(1)}" y="${H - 6}" text-anchor="${anchor}">${clock(t, t1 - t0)}</text>`);
  series.forEach((one, i) => {
    const points = one.points.filter((point): point is readonly [number, number] => point[1] !== null);
    if (points.length === 0) return;
    const line = points.map(([t, v], j) => `${j === 0 ? 'M' : 'L'}${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    if (i === 0) parts.push(`<path class="area" d="${line} L${x(points.at(-1)![0]).toFixed(1)},${y(0).toFixed(1)} L${x(points[0]![0]).toFixed(1)},${y(0).toFixed(1)} Z"/>`);
    parts.push(`<path class="series${i === 0 ? '' : ` s${i + 1}`}" d="${line}"><title>${escapeHtml(one.label)}</title></path>`);
  });
  return `${head}${parts.join('')}</svg>`;
}

export function legend(labels: readonly string[]): string {
  return `<div class="legend">${labels.map((label, i) => `<span><i class="${i === 0 ? '' : `s${i + 1}`}"></i>${escapeHtml(label)}</span>`).join('')}</div>`;
}
