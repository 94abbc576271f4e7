// Overlay links for a nation: what the Discord `/overlay` command and the
// links page hand a streamer. The nation card (its private room) carries a
// signed token that expires; the others are public.
import { signToken } from './tokens.ts';

export const OVERLAY_KINDS = ['battle', 'leaderboard', 'ticker', 'nation'] as const;
export type OverlayKind = (typeof OVERLAY_KINDS)[number];

/** How long a private link works unless the caller says otherwise: a week of streams. */
export const DEFAULT_LINK_TTL_MS = 7 * 24 * 3_600_000;

export interface LinkOptions {
  /** Where streamers reach the gateway, e.g. https://wars.example (GATEWAY_PUBLIC_URL). */
  readonly baseUrl: string;
  readonly secret: string;
  /** Nation address, `nation:<guild id>`. */
  readonly nation: string;
  /** Ids of the nation's wars (battle overlays). */
  readonly wars?: readonly string[];
  readonly now: number;
  /** Issue time signed into the token (default `now`): links re-listed from a token keep that token's. */
  readonly issuedAt?: number;
  readonly ttlMs?: number;
  readonly theme?: string;
}

export interface OverlayLink {
  readonly kind: OverlayKind;
  readonly label: string;
  readonly url: string;
  /** True when the link carries the nation's token: share it with care. */
  readonly private: boolean;
}

export interface NationLinks {
  /** The page listing every link below (it carries the token). */
  readonly page: string;
  readonly links: readonly OverlayLink[];
  readonly expiresAt: number;
}

function url(base: string, path: string, params: Record<string, string | undefined>): string {
  const target = new URL(path, base.endsWith('/') ? base : `${base}/`);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) target.searchParams.set(key, value);
  return target.toString();
}

/** The guild id of `nation:<id>` (links use the bare id). */
export const nationId = (nation: string): string => (nation.startsWith('nation:') ? nation.slice('nation:'.length) : nation);

export function nationLinks(options: LinkOptions): NationLinks {
  const expiresAt = options.now + (options.ttlMs ?? DEFAULT_LINK_TTL_MS);
  const nation = `nation:${nationId(options.nation)}`;
  const token = signToken(options.secret, { nation, expiresAt, issuedAt: options.issuedAt ?? options.now });
  const id = nationId(nation);
  const theme = options.theme;
  const links: OverlayLink[] = [
    { kind: 'nation', label: 'Nation card (private: power, military, wars, reputation)', url: url(options.baseUrl, 'overlay/nation', { nation: id, token, theme }), private: true },
    ...(options.wars ?? []).map((war) => ({
      kind: 'battle' as const,
      label: `Battle: war ${war}`,
      url: url(options.baseUrl, 'overlay/battle', { war, theme }),
      private: false,
    })),
    { kind: 'leaderboard', label: 'Leaderboard: power, top 10', url: url(options.baseUrl, 'overlay/leaderboard', { board: 'power', limit: '10', theme }), private: false },
    { kind: 'ticker', label: 'War ticker (every nation)', url: url(options.baseUrl, 'overlay/ticker', { theme }), private: false },
    { kind: 'ticker', label: 'War ticker (this nation only)', url: url(options.baseUrl, 'overlay/ticker', { nation: id, theme }), private: false },
  ];
  return { page: url(options.baseUrl, 'overlay', { nation: id, token }), links, expiresAt };
}
