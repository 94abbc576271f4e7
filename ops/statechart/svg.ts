// Draws a laid-out statechart as SVG: nested state boxes (the active ones
// highlighted, final states double-bordered, initial states marked), and the
// transitions as curved arrows labelled with their events. Styling is by
// class (ops/ui/style.css); the markup carries no script or inline style.
import { escapeHtml } from '../views/html.ts';
import { activeIds, type Chart } from './graph.ts';
import { layout, METRICS, textWidth, type Box } from './layout.ts';

const MARGIN = 12;
const LABEL_MAX = 24;

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

interface Point {
  readonly x: number;
  readonly y: number;
}

/** The path of an edge and where its label goes. */
function route(from: Box, to: Box, bend: number): { d: string; label: Point } {
  const cy = (box: Box) => box.y + Math.min(box.h, METRICS.atomicHeight) / 2 + (box.node.children.length > 0 ? 0 : (box.h - METRICS.atomicHeight) / 2);
  const cx = (box: Box) => box.x + box.w / 2;
  const cubic = (a: Point, c1: Point, c2: Point, b: Point) => ({
    d: `M${a.x.toFixed(1)},${a.y.toFixed(1)} C${c1.x.toFixed(1)},${c1.y.toFixed(1)} ${c2.x.toFixed(1)},${c2.y.toFixed(1)} ${b.x.toFixed(1)},${b.y.toFixed(1)}`,
    label: { x: (a.x + 3 * c1.x + 3 * c2.x + b.x) / 8, y: (a.y + 3 * c1.y + 3 * c2.y + b.y) / 8 },
  });
  if (to.x >= from.x + from.w - 1) {
    const a = { x: from.x + from.w, y: cy(from) + bend };
    const b = { x: to.x, y: cy(to) + bend };
    const dx = Math.max(30, (b.x - a.x) / 2);
    return cubic(a, { x: a.x + dx, y: a.y }, { x: b.x - dx, y: b.y }, b);
  }
  if (to.x + to.w <= from.x + 1) {
    // Backwards: under both boxes, so it never crosses the forward arrows.
    const a = { x: cx(from), y: from.y + from.h };
    const b = { x: cx(to), y: to.y + to.h };
    const drop = 34 + Math.abs(a.x - b.x) * 0.12 + bend;
    const low = Math.max(a.y, b.y) + drop;
    return cubic(a, { x: a.x, y: low }, { x: b.x, y: low }, b);
  }
  if (to.y >= from.y + from.h) {
    const a = { x: cx(from) + bend, y: from.y + from.h };
    const b = { x: cx(to) + bend, y: to.y };
    return cubic(a, { x: a.x, y: a.y + 20 }, { x: b.x, y: b.y - 20 }, b);
  }
  // Up the same column, or into/out of a container: round the right-hand side.
  const a = { x: from.x + from.w, y: cy(from) };
  const b = { x: to.x + to.w, y: cy(to) };
  const out = Math.max(a.x, b.x) + 46 + bend;
  return cubic(a, { x: out, y: a.y }, { x: out, y: b.y }, b);
}

export function statechartSvg(chart: Chart, value: unknown, options: { title?: string } = {}): string {
  const boxes = layout(chart);
  const byId = new Map(boxes.map((box) => [box.id, box]));
  const active = activeIds(chart.root, value);
  const root = boxes[0]!;
  const parts: string[] = [];

  for (const box of boxes) {
    if (box === root) continue;
    const node = box.node;
    const isActive = active.has(box.id);
    const leaf = node.children.length === 0;
    const classes = ['sc-state', leaf ? 'sc-leaf' : 'sc-compound', isActive ? (leaf ? 'sc-active' : 'sc-active-parent') : '', node.type === 'final' ? 'sc-final' : '']
      .filter(Boolean)
      .join(' ');
    const handles = node.handles.length > 0 ? `\nhandles in place: ${node.handles.join(', ')}` : '';
    parts.push(`<g class="${classes}" data-state="${escapeHtml(node.id)}"><title>${escapeHtml(node.id)}${escapeHtml(handles)}</title>`);
    parts.push(`<rect x="${box.x.toFixed(1)}" y="${box.y.toFixed(1)}" width="${box.w.toFixed(1)}" height="${box.h.toFixed(1)}" rx="${leaf ? 10 : 14}"/>`);
    if (node.type === 'final') parts.push(`<rect class="sc-final-inner" x="${(box.x + 4).toFixed(1)}" y="${(box.y + 4).toFixed(1)}" width="${(box.w - 8).toFixed(1)}" height="${(box.h - 8).toFixed(1)}" rx="7"/>`);
    if (leaf) {
      parts.push(`<text class="sc-name" x="${(box.x + box.w / 2).toFixed(1)}" y="${(box.y + 24).toFixed(1)}" text-anchor="middle">${escapeHtml(node.key)}</text>`);
      if (node.handles.length > 0) {
        parts.push(`<text class="sc-handles" x="${(box.x + box.w / 2).toFixed(1)}" y="${(box.y + 41).toFixed(1)}" text-anchor="middle">${node.handles.length} event${node.handles.length === 1 ? '' : 's'} in place</text>`);
      }
    } else {
      parts.push(`<text class="sc-name sc-compound-name" x="${(box.x + 12).toFixed(1)}" y="${(box.y + 18).toFixed(1)}">${escapeHtml(node.key)}</text>`);
    }
    parts.push('</g>');
  }

  // Initial-state markers: a dot and a short arrow into the initial child.
  for (const box of boxes) {
    const initial = box.node.initial && byId.get(box.node.initial);
    if (!initial) continue;
    const y = initial.y + Math.min(initial.h, METRICS.atomicHeight) / 2;
    parts.push(`<g class="sc-initial"><circle cx="${(initial.x - 24).toFixed(1)}" cy="${y.toFixed(1)}" r="4.5"/><path d="M${(initial.x - 19).toFixed(1)},${y.toFixed(1)} L${(initial.x - 2).toFixed(1)},${y.toFixed(1)}" marker-end="url(#sc-arrow)"/></g>`);
  }

  const pairs = new Set(chart.edges.map((edge) => `${edge.from}>${edge.to}`));
  let bottom = root.h;
  let right = root.w;
  for (const edge of chart.edges) {
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (!from || !to) continue;
    // Two arrows between the same pair, one each way: keep them apart.
    const bend = pairs.has(`${edge.to}>${edge.from}`) ? (edge.from < edge.to ? -7 : 7) : 0;
    const { d, label } = route(from, to, bend);
    const text = truncate(edge.events.join(', '), LABEL_MAX);
    const width = textWidth(text) * 0.82 + 10;
    const classes = ['sc-edge', active.has(edge.from) ? 'sc-edge-live' : ''].filter(Boolean).join(' ');
    parts.push(
      `<g class="${classes}"><title>${escapeHtml(`${edge.from} → ${edge.to}: ${edge.events.join(', ')}`)}</title><path d="${d}" marker-end="url(#sc-arrow)"/>` +
        `<rect class="sc-label-bg" x="${(label.x - width / 2).toFixed(1)}" y="${(label.y - 9).toFixed(1)}" width="${width.toFixed(1)}" height="16" rx="4"/>` +
        `<text class="sc-label" x="${label.x.toFixed(1)}" y="${(label.y + 3).toFixed(1)}" text-anchor="middle">${escapeHtml(text)}</text></g>`,
    );
    bottom = Math.max(bottom, label.y + 16, ...d.split(/[ ,MC]/).filter(Boolean).map(Number).filter((_, i) => i % 2 === 1));
    right = Math.max(right, label.x + width / 2, ...d.split(/[ ,MC]/).filter(Boolean).map(Number).filter((_, i) => i % 2 === 0));
  }

  const width = right + 2 * MARGIN;
  const height = bottom + 2 * MARGIN;
  return (
    `<svg class="statechart" xmlns="http://www.w3.org/2000/svg" viewBox="${-MARGIN} ${-MARGIN} ${width.toFixed(0)} ${height.toFixed(0)}" width="${width.toFixed(0)}" height="${height.toFixed(0)}" role="img" aria-label="${escapeHtml(options.title ?? `statechart of ${chart.root.id}`)}">` +
    `<defs><marker id="sc-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="sc-arrowhead"/></marker></defs>` +
    parts.join('') +
    '</svg>'
  );
}
