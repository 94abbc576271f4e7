// Building the buttons replies carry: accept/decline rows on notifications,
// confirm/cancel on destructive commands, previous/next on paged lists.
// Their custom ids (bot/custom-ids.ts) hold everything a later click needs.
import { ButtonStyle, ComponentType } from 'discord.js';
import type { BotContext } from './context.ts';
import { CONFIRM_TTL_MS, encodeButton, type ConfirmAction, type PageView } from './custom-ids.ts';
import type { Page } from './embeds.ts';
import type { ButtonRow, CommandInput, Reply } from './types.ts';

export function respondRow(subject: 'war' | 'peace' | 'ally' | 'trade', id: string, labels: [string, string] = ['Accept', 'Decline']): ButtonRow[] {
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Success, label: labels[0], custom_id: encodeButton({ type: 'respond', subject, accept: true, id }) },
        { type: ComponentType.Button, style: ButtonStyle.Danger, label: labels[1], custom_id: encodeButton({ type: 'respond', subject, accept: false, id }) },
      ],
    },
  ];
}

/** An ephemeral question with Confirm/Cancel; only the asking player can answer, for CONFIRM_TTL_MS. */
export function confirmation(ctx: BotContext, input: Pick<CommandInput, 'actor'>, what: ConfirmAction, arg: string, question: string): Reply {
  const user = input.actor.userId;
  return {
    ephemeral: true,
    content: `❓ ${question}`,
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          { type: ComponentType.Button, style: ButtonStyle.Danger, label: 'Confirm', custom_id: encodeButton({ type: 'confirm', what, arg, user, expiresAt: ctx.now() + CONFIRM_TTL_MS }) },
          { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Cancel', custom_id: encodeButton({ type: 'cancel', user }) },
        ],
      },
    ],
  };
}

/** Previous/next buttons for a paged view; none when everything fits on one page. */
export function pagerRow(view: PageView, arg: string, page: Page<unknown> | { page: number; pages: number }): ButtonRow[] {
  if (page.pages <= 1) return [];
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: '◀ Previous', disabled: page.page === 0, custom_id: encodeButton({ type: 'page', view, arg, page: Math.max(0, page.page - 1) }) },
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Next ▶', disabled: page.page >= page.pages - 1, custom_id: encodeButton({ type: 'page', view, arg, page: page.page + 1 }) },
      ],
    },
  ];
}
