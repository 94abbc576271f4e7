// Button custom ids carry everything their handler needs (what, which war or
// trade, who may press, until when), so a button keeps working after the bot
// restarts, on any bot process, with nothing remembered in between. Discord
// allows 1–100 characters. Pure.
import { BotError, BotErrorCodes } from './errors.ts';
import { BOARDS } from './views.ts';

export type ButtonAction =
  | { readonly type: 'respond'; readonly subject: 'war' | 'peace' | 'ally' | 'trade'; readonly accept: boolean; readonly id: string }
  | { readonly type: 'confirm'; readonly what: ConfirmAction; readonly arg: string; readonly user: string; readonly expiresAt: number }
  | { readonly type: 'cancel'; readonly user: string }
  | { readonly type: 'page'; readonly view: PageView; readonly arg: string; readonly page: number };

/** Paged lists: a leaderboard (`arg`: the board), the build queue and the wars (`arg`: the guild). */
export type PageView = 'lb' | 'queue' | 'wars';

export type ConfirmAction = 'leave' | 'break' | 'surrender';

const SEP = '|';
const SUBJECTS = ['war', 'peace', 'ally', 'trade'] as const;
const CONFIRMS: readonly ConfirmAction[] = ['leave', 'break', 'surrender'];
const PAGE_VIEWS: readonly PageView[] = ['lb', 'queue', 'wars'];
const SAFE = /^[^|\s]{0,60}$/;

/** How long a confirmation button stays valid. */
export const CONFIRM_TTL_MS = 10 * 60_000;

function join(parts: readonly (string | number)[]): string {
  const id = parts.join(SEP);
  if (id.length > 100 || parts.some((part) => !SAFE.test(String(part)))) throw new BotError(BotErrorCodes.BAD_BUTTON, 'That button could not be built.', `custom id too long or unsafe: ${id}`);
  return id;
}

export function encodeButton(action: ButtonAction): string {
  switch (action.type) {
    case 'respond':
      return join([`${action.subject}.${action.accept ? 'yes' : 'no'}`, action.id]);
    case 'confirm':
      return join(['confirm', action.what, action.arg, action.user, action.expiresAt.toString(36)]);
    case 'cancel':
      return join(['cancel', action.user]);
    case 'page':
      return join(['page', action.view, action.arg, action.page]);
  }
}

const unreadable = (): BotError => new BotError(BotErrorCodes.BAD_BUTTON, 'This button is from an older version of the bot. Run the command again.');

export function decodeButton(customId: string): ButtonAction {
  const parts = customId.split(SEP);
  const [head, ...rest] = parts;
  if (!head) throw unreadable();
  const respond = /^(war|peace|ally|trade)\.(yes|no)$/.exec(head);
  if (respond && rest.length === 1 && rest[0]) {
    return { type: 'respond', subject: respond[1] as (typeof SUBJECTS)[number], accept: respond[2] === 'yes', id: rest[0] };
  }
  if (head === 'confirm' && rest.length === 4) {
    const [what, arg, user, expires] = rest as [string, string, string, string];
    const expiresAt = parseInt(expires, 36);
    if (!CONFIRMS.includes(what as ConfirmAction) || !/^\d+$/.test(user) || !Number.isFinite(expiresAt)) throw unreadable();
    return { type: 'confirm', what: what as ConfirmAction, arg, user, expiresAt };
  }
  if (head === 'cancel' && rest.length === 1 && /^\d+$/.test(rest[0]!)) return { type: 'cancel', user: rest[0]! };
  if (head === 'page' && rest.length === 3) {
    const [view, arg, pageText] = rest as [string, string, string];
    const page = Number(pageText);
    if (!/^\d{1,6}$/.test(pageText) || !PAGE_VIEWS.includes(view as PageView)) throw unreadable();
    // A leaderboard page names its board: only the game's boards (a forged id could name any).
    if (view === 'lb' && !(BOARDS as readonly string[]).includes(arg)) throw unreadable();
    return { type: 'page', view: view as PageView, arg, page };
  }
  throw unreadable();
}
