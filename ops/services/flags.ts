// Feature flags from the console: each flag's configured default
// (features.yaml), its runtime switch (storage/flag-store.ts) and which live
// nodes apply the newest version. A switch waits until every live node has
// acknowledged it (or a short deadline passes) and says which have.
import type { Features } from '../../config/index.ts';
import { sleep } from '../../runtime/index.ts';
import type { FlagStore, ShardStore } from '../../storage/index.ts';
import type { Operator } from '../auth/operators.ts';
import { OpsError, OpsErrorCodes } from '../errors.ts';
import type { Auditor } from './audit.ts';

export interface FlagRow {
  readonly name: string;
  readonly configured: boolean;
  /** The runtime switch, or null when the configured value holds. */
  readonly override: boolean | null;
  readonly effective: boolean;
}

export interface FlagsView {
  readonly version: number;
  readonly flags: readonly FlagRow[];
  /** Live runtime nodes and the flag version each applies. */
  readonly nodes: readonly { readonly id: string; readonly version: number | null; readonly current: boolean }[];
}

export interface FlagServiceOptions {
  readonly flags: FlagStore;
  readonly store: ShardStore;
  readonly features: Features;
  readonly auditor: Auditor;
  readonly membershipTtlMs: number;
  /** Longest a switch waits for every node to apply it. */
  readonly settleMs?: number;
}

export class FlagService {
  readonly #options: FlagServiceOptions;

  constructor(options: FlagServiceOptions) {
    this.#options = options;
  }

  get names(): string[] {
    return Object.keys(this.#options.features);
  }

  async view(): Promise<FlagsView> {
    const [state, seen, membership] = await Promise.all([
      this.#options.flags.read(),
      this.#options.flags.acknowledgements(),
      this.#options.store.heartbeat(undefined, this.#options.membershipTtlMs),
    ]);
    const features = this.#options.features as Readonly<Record<string, boolean>>;
    return {
      version: state.version,
      flags: this.names.map((name) => {
        const override = state.values[name] ?? null;
        return { name, configured: features[name]!, override, effective: override ?? features[name]! };
      }),
      nodes: membership.members.map((member) => {
        const version = seen.get(member.nodeId) ?? null;
        return { id: member.nodeId, version, current: version !== null && version >= state.version };
      }),
    };
  }

  /** Switches a flag (true/false) or returns it to its configured value (null). */
  async set(operator: Operator, name: string, value: unknown): Promise<FlagsView & { readonly settled: boolean }> {
    if (!this.names.includes(name)) throw new OpsError(OpsErrorCodes.NOT_FOUND, `no feature flag "${name}" (known: ${this.names.join(', ')})`);
    if (value !== true && value !== false && value !== null) throw new OpsError(OpsErrorCodes.BAD_REQUEST, '"value" must be true, false or null (back to the configured value)');
    await this.#options.auditor.ready();
    const before = (await this.view()).flags.find((flag) => flag.name === name);
    await this.#options.flags.set(name, value);
    let view = await this.view();
    const deadline = Date.now() + (this.#options.settleMs ?? 3_000);
    while (!view.nodes.every((node) => node.current) && Date.now() < deadline) {
      await sleep(50);
      view = await this.view();
    }
    const settled = view.nodes.every((node) => node.current);
    const after = view.flags.find((flag) => flag.name === name);
    await this.#options.auditor.write(operator, {
      action: 'flag.set',
      target: `flag:${name}`,
      request: { value },
      before,
      after: { ...after, version: view.version, nodes: view.nodes },
      outcome: 'ok',
      detail: settled ? `applied by all ${view.nodes.length} node(s)` : `not yet applied by ${view.nodes.filter((node) => !node.current).map((node) => node.id).join(', ')}`,
    });
    return { ...view, settled };
  }
}
