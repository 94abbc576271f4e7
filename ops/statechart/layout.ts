// Places a statechart's states as nested boxes: the children of a compound
// state in columns by how far they are from its initial state along its
// transitions (forward only, so cycles do not stretch the chart), each column
// a stack. Pure; sizes come from an estimate of the label widths.
import type { Chart, ChartNode } from './graph.ts';

export interface Box {
  readonly id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  readonly node: ChartNode;
  readonly depth: number;
}

export const METRICS = {
  charWidth: 7.4,
  atomicHeight: 38,
  handlesHeight: 16,
  header: 26,
  pad: 18,
  padLeft: 34,
  columnGap: 150,
  rowGap: 30,
  minWidth: 112,
} as const;

export const textWidth = (text: string): number => text.length * METRICS.charWidth;

/** The child of `parent` that is `id` or contains it, if any. */
function childHolding(parent: ChartNode, id: string): ChartNode | undefined {
  return parent.children.find((child) => id === child.id || id.startsWith(`${child.id}.`));
}

/** Column of each child of a compound state. */
export function columnsOf(chart: Chart, parent: ChartNode): ChartNode[][] {
  const next = new Map<string, Set<string>>();
  for (const edge of chart.edges) {
    const from = childHolding(parent, edge.from);
    const to = childHolding(parent, edge.to);
    if (!from || !to || from === to) continue;
    if (!next.has(from.id)) next.set(from.id, new Set());
    next.get(from.id)!.add(to.id);
  }
  // Breadth-first distance from the initial child orders the children;
  // then columns follow the longest forward path, so a chain reads left to right.
  const start = parent.initial ?? parent.children[0]?.id;
  const order = new Map<string, number>();
  const queue = start ? [start] : [];
  if (start) order.set(start, 0);
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const target of next.get(id) ?? []) {
      if (order.has(target)) continue;
      order.set(target, order.get(id)! + 1);
      queue.push(target);
    }
  }
  let last = Math.max(0, ...order.values());
  for (const child of parent.children) if (!order.has(child.id)) order.set(child.id, ++last);
  const column = new Map<string, number>(order);
  const byOrder = [...parent.children].sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  for (const child of byOrder) {
    for (const target of next.get(child.id) ?? []) {
      if (order.get(target)! > order.get(child.id)!) column.set(target, Math.max(column.get(target)!, column.get(child.id)! + 1));
    }
  }
  const columns: ChartNode[][] = [];
  for (const child of byOrder) (columns[column.get(child.id)!] ??= []).push(child);
  return columns.filter((stack) => stack.length > 0);
}

/** Absolute boxes of every state, the root first; the root's box is the whole chart. */
export function layout(chart: Chart): Box[] {
  const boxes: Box[] = [];
  const measure = (node: ChartNode, depth: number): Box => {
    const box: Box = { id: node.id, x: 0, y: 0, w: 0, h: 0, node, depth };
    boxes.push(box);
    if (node.children.length === 0) {
      const handles = node.handles.length > 0 ? `${node.handles.length} events in place` : '';
      box.w = Math.max(METRICS.minWidth, textWidth(node.key) + 30, textWidth(handles) * 0.85 + 24);
      box.h = METRICS.atomicHeight + (handles ? METRICS.handlesHeight : 0);
      return box;
    }
    const columns = columnsOf(chart, node).map((stack) => stack.map((child) => measure(child, depth + 1)));
    const widths = columns.map((stack) => Math.max(...stack.map((child) => child.w)));
    const heights = columns.map((stack) => stack.reduce((sum, child) => sum + child.h, 0) + METRICS.rowGap * (stack.length - 1));
    const innerW = widths.reduce((sum, width) => sum + width, 0) + METRICS.columnGap * (columns.length - 1);
    const innerH = Math.max(...heights);
    box.w = Math.max(innerW + METRICS.padLeft + METRICS.pad, textWidth(node.key) + 2 * METRICS.pad);
    box.h = METRICS.header + innerH + 2 * METRICS.pad;
    // Children get their positions relative to this box now, made absolute below.
    let x = METRICS.padLeft;
    columns.forEach((stack, i) => {
      let y = METRICS.header + METRICS.pad + (innerH - heights[i]!) / 2;
      for (const child of stack) {
        child.x = x + (widths[i]! - child.w) / 2;
        child.y = y;
        y += child.h + METRICS.rowGap;
      }
      x += widths[i]! + METRICS.columnGap;
    });
    return box;
  };
  const root = measure(chart.root, 0);
  // Relative → absolute, parents before children (boxes are in that order).
  const byId = new Map(boxes.map((box) => [box.id, box]));
  for (const box of boxes) {
    for (const child of box.node.children) {
      const childBox = byId.get(child.id)!;
      childBox.x += box.x;
      childBox.y += box.y;
    }
  }
  root.x = 0;
  root.y = 0;
  return boxes;
}
