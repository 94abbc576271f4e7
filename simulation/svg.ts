// Two small chart builders that return self-contained inline SVG: a line
// chart over days and a horizontal bar chart of rates. Every chart carries a
// <title> (read by screen readers and shown as a tooltip), a visible heading,
// labelled axes with ticks and a legend. No chart library: the report is one
// file that opens anywhere.

export interface Series {
  readonly name: string;
  readonly color: string;
  readonly points: readonly (readonly [number, number])[];
  readonly dashed?: boolean;
}

export interface LineChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  readonly width?: number;
  readonly height?: number;
  /** Vertical dashed markers at an x value, labelled (e.g. the end of the played days). */
  readonly markers?: readonly { readonly x: number; readonly label: string }[];
}

export interface Bar {
  readonly label: string;
  /** 0–1. */
  readonly value: number;
  readonly color: string;
  /** Shown after the bar, e.g. the sample size. */
  readonly note: string;
}

export interface BarChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly bars: readonly Bar[];
  /** A shaded target band, 0–1 (e.g. 0.45–0.55). */
  readonly band?: { readonly from: number; readonly to: number; readonly label: string };
  readonly width?: number;
}

const MARGIN = { top: 40, right: 20, bottom: 50, left: 80 };
const LEGEND_COLUMNS = 3;
const LEGEND_ROW = 20;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** About five round tick values covering [0, max]. */
export function niceTicks(max: number): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? rough;
  const ticks: number[] = [];
  for (let value = 0; value <= max + step * 0.999; value += step) ticks.push(Math.round(value * 1e6) / 1e6);
  return ticks;
}

export function formatNumber(value: number): string {
  const size = Math.abs(value);
  if (size >= 1e9) return `${+(value / 1e9).toFixed(1)}G`;
  if (size >= 1e6) return `${+(value / 1e6).toFixed(1)}M`;
  if (size >= 1e4) return `${+(value / 1e3).toFixed(0)}k`;
  if (size >= 1e3) return `${+(value / 1e3).toFixed(1)}k`;
  return `${+value.toFixed(2)}`;
}

export function lineChart(options: LineChartOptions): string {
  const width = options.width ?? 760;
  const height = options.height ?? 320;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const points = options.series.flatMap((series) => series.points);
  const maxX = Math.max(1, ...points.map(([x]) => x));
  const yTicks = niceTicks(Math.max(0, ...points.map(([, y]) => y)));
  const maxY = yTicks[yTicks.length - 1]!;
  const xTicks = niceTicks(maxX).filter((tick) => tick <= maxX);
  const sx = (x: number) => MARGIN.left + (x / maxX) * plotW;
  const sy = (y: number) => MARGIN.top + plotH - (y / maxY) * plotH;
  const parts: string[] = [];
  const legendRows = Math.ceil(options.series.length / LEGEND_COLUMNS);
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + LEGEND_ROW * legendRows + 6}" role="img" font-family="sans-serif" font-size="12">`);
  parts.push(`<title>${escapeXml(options.title)}</title>`);
  parts.push(`<text x="${width / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(options.title)}</text>`);
  for (const tick of yTicks) {
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${sy(tick)}" y2="${sy(tick)}" stroke="#ddd"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${sy(tick) + 4}" text-anchor="end">${formatNumber(tick)}</text>`);
  }
  for (const tick of xTicks) {
    parts.push(`<line x1="${sx(tick)}" x2="${sx(tick)}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 5}" stroke="#333"/>`);
    parts.push(`<text x="${sx(tick)}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${formatNumber(tick)}</text>`);
  }
  parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}" stroke="#333"/>`);
  parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#333"/>`);
  parts.push(`<text x="${MARGIN.left + plotW / 2}" y="${MARGIN.top + plotH + 38}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`);
  parts.push(`<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel)}</text>`);
  for (const marker of options.markers ?? []) {
    if (marker.x > maxX) continue;
    parts.push(`<line x1="${sx(marker.x)}" x2="${sx(marker.x)}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#555" stroke-dasharray="2 3"/>`);
    // Labelled on the line's left: the marker is usually near the right edge.
    parts.push(`<text x="${sx(marker.x) - 4}" y="${MARGIN.top + 12}" text-anchor="end" fill="#555">${escapeXml(marker.label)}</text>`);
  }
  for (const series of options.series) {
    if (series.points.length === 0) continue;
    const path = series.points.map(([x, y], index) => `${index === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="${series.color}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 4"' : ''}><title>${escapeXml(series.name)}</title></path>`);
  }
  options.series.forEach((series, index) => {
    const x = MARGIN.left + (index % LEGEND_COLUMNS) * (plotW / LEGEND_COLUMNS);
    const y = height + LEGEND_ROW * Math.floor(index / LEGEND_COLUMNS) + 6;
    parts.push(`<line x1="${x}" x2="${x + 22}" y1="${y - 4}" y2="${y - 4}" stroke="${series.color}" stroke-width="3"${series.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    parts.push(`<text x="${x + 28}" y="${y}">${escapeXml(series.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

export function barChart(options: BarChartOptions): string {
  const width = options.width ?? 760;
  const rowH = 28;
  const left = 200;
  const right = 170;
  const plotW = width - left - right;
  const top = 40;
  const plotH = options.bars.length * rowH;
  const height = top + plotH + 50;
  const sx = (value: number) => left + value * plotW;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" font-family="sans-serif" font-size="12">`);
  parts.push(`<title>${escapeXml(options.title)}</title>`);
  parts.push(`<text x="${width / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(options.title)}</text>`);
  if (options.band) {
    const { from, to, label } = options.band;
    parts.push(`<rect x="${sx(from)}" y="${top}" width="${sx(to) - sx(from)}" height="${plotH}" fill="#2a9d8f" opacity="0.18"><title>${escapeXml(label)}</title></rect>`);
    parts.push(`<text x="${sx((from + to) / 2)}" y="${top - 4}" text-anchor="middle" fill="#1d6f65">${escapeXml(label)}</text>`);
  }
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line x1="${sx(tick)}" x2="${sx(tick)}" y1="${top}" y2="${top + plotH}" stroke="#ddd"/>`);
    parts.push(`<text x="${sx(tick)}" y="${top + plotH + 16}" text-anchor="middle">${tick * 100} %</text>`);
  }
  options.bars.forEach((bar, index) => {
    const y = top + index * rowH;
    parts.push(`<text x="${left - 8}" y="${y + rowH / 2 + 4}" text-anchor="end">${escapeXml(bar.label)}</text>`);
    parts.push(`<rect x="${left}" y="${y + 5}" width="${Math.max(0, sx(bar.value) - left)}" height="${rowH - 10}" fill="${bar.color}"><title>${escapeXml(`${bar.label}: ${(bar.value * 100).toFixed(1)} % (${bar.note})`)}</title></rect>`);
    parts.push(`<text x="${left + plotW + 8}" y="${y + rowH / 2 + 4}">${(bar.value * 100).toFixed(1)} % · ${escapeXml(bar.note)}</text>`);
  });
  parts.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}" stroke="#333"/>`);
  parts.push(`<text x="${left + plotW / 2}" y="${top + plotH + 36}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}
