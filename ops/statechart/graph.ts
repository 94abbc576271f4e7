// An actor kind's statechart as plain data, read from the XState machine
// definition itself: the state tree, the transitions between states (merged
// per pair, labelled by event), and which events each state handles without
// leaving it. Pure; drawn by statechart/svg.ts.
import type { AnyStateMachine } from 'xstate';

export interface ChartNode {
  readonly id: string;
  readonly key: string;
  readonly type: string;
  readonly children: readonly ChartNode[];
  /** Id of the initial child (compound states). */
  readonly initial: string | null;
  /** Events handled in place (no target), shown on the state. */
  readonly handles: readonly string[];
}

export interface ChartEdge {
  readonly from: string;
  readonly to: string;
  readonly events: readonly string[];
}

export interface Chart {
  readonly root: ChartNode;
  readonly edges: readonly ChartEdge[];
}

interface XStateNode {
  readonly id: string;
  readonly key: string;
  readonly type: string;
  readonly states: Readonly<Record<string, XStateNode>>;
  readonly initial?: { readonly target?: readonly XStateNode[] };
  readonly transitions: ReadonlyMap<string, readonly { readonly target?: readonly XStateNode[] }[]>;
  readonly always?: readonly { readonly target?: readonly XStateNode[] }[];
}

/** `xstate.after.proposal.war.proposed` → `after proposal`; `*` → `any event`. */
export function eventLabel(eventType: string): string {
  const delayed = /^xstate\.after\.(.+?)\.[^.]+(\.|$)/.exec(eventType);
  if (delayed) return `after ${delayed[1]}`;
  if (eventType === '*') return 'any event';
  return eventType;
}

export function chartOf(machine: AnyStateMachine): Chart {
  const edges = new Map<string, { from: string; to: string; events: Set<string> }>();
  const addEdge = (from: string, to: string, event: string): void => {
    const key = `${from}\u0000${to}`;
    const edge = edges.get(key) ?? { from, to, events: new Set<string>() };
    edge.events.add(event);
    edges.set(key, edge);
  };
  const build = (node: XStateNode): ChartNode => {
    const handles = new Set<string>();
    const visit = (eventType: string, definitions: readonly { readonly target?: readonly XStateNode[] }[]): void => {
      for (const definition of definitions) {
        const targets = (definition.target ?? []).filter((target) => target.id !== node.id);
        if (targets.length === 0) handles.add(eventLabel(eventType));
        for (const target of targets) addEdge(node.id, target.id, eventLabel(eventType));
      }
    };
    for (const [eventType, definitions] of node.transitions) visit(eventType, definitions);
    visit('always', node.always ?? []);
    return {
      id: node.id,
      key: node.key,
      type: node.type,
      children: Object.values(node.states).map(build),
      initial: node.initial?.target?.[0]?.id ?? null,
      handles: [...handles],
    };
  };
  const root = build(machine.root as unknown as XStateNode);
  return { root, edges: [...edges.values()].map((edge) => ({ from: edge.from, to: edge.to, events: [...edge.events] })) };
}

/** Ids of the states a state value stands for (each active state and its ancestors). */
export function activeIds(root: ChartNode, value: unknown): Set<string> {
  const active = new Set<string>([root.id]);
  const walk = (node: ChartNode, current: unknown): void => {
    if (typeof current === 'string') {
      const child = node.children.find((candidate) => candidate.key === current);
      if (child) active.add(child.id);
      return;
    }
    if (current === null || typeof current !== 'object') return;
    for (const [key, nested] of Object.entries(current as Record<string, unknown>)) {
      const child = node.children.find((candidate) => candidate.key === key);
      if (!child) continue;
      active.add(child.id);
      walk(child, nested);
    }
  };
  walk(root, value);
  return active;
}
