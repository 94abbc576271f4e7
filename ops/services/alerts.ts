// Critical conditions, each raised once per incident to the operators'
// webhook (OPS_ALERT_WEBHOOK, Discord-compatible) and shown in the console
// until resolved: Redis or PostgreSQL unreachable, a shard unowned longer
// than its lease, dead letters growing, the scheduler stalled, the
// write-behind lagging past its bound. An alert whose cause is another
// firing alert (write-behind lag while PostgreSQL is down) is held back: one
// incident, one message. Several ops processes share an incident through a
// claim in Redis, so only one of them notifies.
import type { Logger } from 'pino';
import { sleep } from '../../runtime/index.ts';

export type AlertKey = 'redis' | 'postgres' | 'shard-unowned' | 'leases-lost' | 'dead-letters' | 'scheduler' | 'write-behind' | 'projection-lag' | 'live-state-lost';

export interface Incident {
  readonly key: AlertKey;
  readonly title: string;
  detail: string;
  /** Epoch ms. */
  readonly since: number;
  resolvedAt: number | null;
  /** The webhook has the raise (or no webhook is set). */
  notified: boolean;
  /** This process sent the raise without holding the claim (Redis, where claims live, did not answer): it sends the resolution too. */
  raisedUnclaimed?: boolean;
  /** This process owes the webhook the resolution (its send failed; tried again each round while the incident is kept). */
  resolutionOwed?: boolean;
}

/** What a check found: firing with a detail, quiet, or unknown (it could not look; nothing changes). */
export type Finding = { readonly firing: boolean; readonly detail: string } | null;

export interface AlertCheck {
  readonly key: AlertKey;
  readonly title: string;
  /** Alerts that, while firing, explain this one (it is then held back). */
  readonly causes?: readonly AlertKey[];
  evaluate(now: number): Promise<Finding>;
}

/** Shared between ops processes (Redis): only the one that claims an incident notifies. */
export interface IncidentClaims {
  claim(key: AlertKey): Promise<boolean>;
  release(key: AlertKey): Promise<boolean>;
}

export interface AlertMonitorOptions {
  readonly checks: readonly AlertCheck[];
  readonly webhook?: string;
  readonly claims?: IncidentClaims;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly intervalMs?: number;
}

const RESOLVED_KEPT = 50;
const COLOURS = { firing: 0xd64545, resolved: 0x2e9e5b };

/** Pure: the webhook body for an incident (Discord's webhook format; other receivers read `content`). */
export function webhookBody(incident: Incident, status: 'firing' | 'resolved'): Record<string, unknown> {
  const when = new Date(status === 'firing' ? incident.since : (incident.resolvedAt ?? incident.since)).toISOString();
  return {
    username: 'Server Wars ops',
    content: `${status === 'firing' ? '🔴 FIRING' : '🟢 RESOLVED'}: ${incident.title}`,
    embeds: [
      {
        title: incident.title,
        description: incident.detail,
        color: COLOURS[status],
        timestamp: when,
        fields: [
          { name: 'alert', value: incident.key, inline: true },
          { name: 'status', value: status, inline: true },
        ],
      },
    ],
  };
}

export class AlertMonitor {
  readonly #options: AlertMonitorOptions;
  readonly #open = new Map<AlertKey, Incident>();
  readonly #resolved: Incident[] = [];
  readonly #abort = new AbortController();
  #loop: Promise<void> | undefined;
  #ticking: Promise<void> | undefined;

  constructor(options: AlertMonitorOptions) {
    this.#options = options;
  }

  start(): this {
    this.#loop = (async () => {
      while (!this.#abort.signal.aborted) {
        await this.tick();
        await sleep(this.#options.intervalMs ?? 5_000, this.#abort.signal);
      }
    })();
    return this;
  }

  /** Open incidents first (oldest first), then recently resolved ones (newest first). */
  incidents(): { readonly open: readonly Incident[]; readonly resolved: readonly Incident[] } {
    return { open: [...this.#open.values()].sort((a, b) => a.since - b.since), resolved: [...this.#resolved] };
  }

  /** One round of every check; rounds never overlap. */
  tick(): Promise<void> {
    this.#ticking ??= this.#round().finally(() => {
      this.#ticking = undefined;
    });
    return this.#ticking;
  }

  async #round(): Promise<void> {
    const now = (this.#options.now ?? Date.now)();
    const findings = await Promise.all(
      this.#options.checks.map(async (check) => {
        try {
          return [check, await check.evaluate(now)] as const;
        } catch (error) {
          this.#options.logger.debug({ err: error, alert: check.key }, 'alert check could not look');
          return [check, null] as const;
        }
      }),
    );
    const firing = new Set(findings.filter(([, finding]) => finding?.firing).map(([check]) => check.key));
    for (const [check, finding] of findings) {
      if (finding === null) continue;
      const open = this.#open.get(check.key);
      const explained = (check.causes ?? []).some((cause) => firing.has(cause));
      if (finding.firing && !explained) {
        if (open) open.detail = finding.detail;
        else this.#open.set(check.key, { key: check.key, title: check.title, detail: finding.detail, since: now, resolvedAt: null, notified: false });
      } else if (!finding.firing && open) {
        open.resolvedAt = now;
        this.#open.delete(check.key);
        this.#resolved.unshift(open);
        this.#resolved.splice(RESOLVED_KEPT);
        this.#options.logger.info({ alert: open.key, since: open.since }, 'alert resolved');
        if (open.notified) await this.#notifyResolved(open);
      }
    }
    // Raises and resolutions not yet delivered (new ones, or the webhook was down) go out now.
    for (const incident of this.#open.values()) if (!incident.notified) await this.#notifyFiring(incident);
    for (const incident of this.#resolved) if (incident.resolutionOwed) incident.resolutionOwed = !(await this.#post(webhookBody(incident, 'resolved')));
  }

  async #notifyFiring(incident: Incident): Promise<void> {
    this.#options.logger.error({ alert: incident.key, detail: incident.detail }, `ALERT: ${incident.title}`);
    if (!this.#options.webhook) {
      incident.notified = true;
      return;
    }
    let mine = true;
    try {
      mine = (await this.#options.claims?.claim(incident.key)) ?? true;
    } catch {
      // No claim to be had (Redis is likely the incident): better a raise from every ops process than none.
      incident.raisedUnclaimed = true;
    }
    if (!mine) {
      incident.notified = true;
      return;
    }
    incident.notified = await this.#post(webhookBody(incident, 'firing'));
    if (!incident.notified && !incident.raisedUnclaimed) await this.#options.claims?.release(incident.key).catch(() => false);
  }

  /** Whoever ends the claim sends the resolution; one that raised without a claim resolves its own raise. */
  async #notifyResolved(incident: Incident): Promise<void> {
    if (!this.#options.webhook) return;
    const released = await this.#options.claims?.release(incident.key).catch(() => true) ?? true;
    if (released || incident.raisedUnclaimed) incident.resolutionOwed = !(await this.#post(webhookBody(incident, 'resolved')));
  }

  async #post(body: Record<string, unknown>): Promise<boolean> {
    try {
      const response = await fetch(this.#options.webhook!, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5_000),
      });
      if (!response.ok) this.#options.logger.warn({ status: response.status }, 'alert webhook refused the alert; trying again next round');
      return response.ok;
    } catch (error) {
      this.#options.logger.warn({ err: error }, 'alert webhook unreachable; trying again next round');
      return false;
    }
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
    await this.#ticking;
  }
}
