// What each button does when pressed. Everything needed is in the custom id
// (bot/custom-ids.ts); the game is asked afresh, so a button pressed after a
// restart, on another bot process, or too late gets the same treatment as a
// typed command: done, or a plain refusal that changes nothing.
import type { BotContext } from './context.ts';
import { decodeButton, type ButtonAction } from './custom-ids.ts';
import { plain } from './embeds.ts';
import { BotError, BotErrorCodes } from './errors.ts';
import { infoReply } from './replies.ts';
import type { ButtonInput, Reply } from './types.ts';
import { boardPage, queuePage, respondToAlliance, respondToTrade, respondToWar, warsPage } from './commands/index.ts';
import { act } from './commands/shared.ts';

export interface ButtonOutcome {
  /** `update` replaces the message the button was on; `reply` answers with a new one. */
  readonly mode: 'reply' | 'update';
  readonly reply: Reply;
}

async function respond(ctx: BotContext, input: ButtonInput, action: Extract<ButtonAction, { type: 'respond' }>): Promise<Reply> {
  const who = `<@${input.actor.userId}>`;
  switch (action.subject) {
    case 'war':
      await respondToWar(ctx, input, action.id, action.accept);
      return infoReply(action.accept ? `⚔️ ${who} accepted the war. Both sides have ${ctx.config.timers.war.preparation_hours} hours to prepare.` : `🕊️ ${who} declined the war.`);
    case 'peace':
      await act(ctx, input, { type: 'respondPeace', war: action.id, accept: action.accept });
      return infoReply(action.accept ? `🕊️ ${who} accepted peace.` : `${who} refused peace. The war goes on.`);
    case 'ally': {
      const name = await respondToAlliance(ctx, input, action.id, action.accept);
      return infoReply(action.accept ? `🤝 ${who} joined the alliance **${plain(name)}**.` : `${who} refused to join **${plain(name)}**.`);
    }
    case 'trade':
      await respondToTrade(ctx, input, action.id, action.accept);
      return infoReply(action.accept ? `📦 ${who} accepted the trade.` : `${who} declined the trade.`);
  }
}

async function confirm(ctx: BotContext, input: ButtonInput, action: Extract<ButtonAction, { type: 'confirm' }>): Promise<Reply> {
  if (action.user !== input.actor.userId) throw new BotError(BotErrorCodes.NOT_ALLOWED, `Only <@${action.user}> can answer this question.`);
  if (action.expiresAt <= ctx.now()) throw new BotError(BotErrorCodes.BUTTON_EXPIRED, 'This confirmation expired. Run the command again.');
  switch (action.what) {
    case 'leave':
      await act(ctx, input, { type: 'leave' });
      return { content: '👋 You left the nation.', components: [], ephemeral: true };
    case 'break': {
      const reply = await act(ctx, input, { type: 'leaveAlliance', alliance: action.arg });
      return { content: `💔 Your nation left the alliance. Reputation is now ${String(reply.reputation)}.`, components: [], ephemeral: true };
    }
    case 'surrender':
      await act(ctx, input, { type: 'surrender', war: action.arg });
      return { content: '🏳️ Your nation surrendered.', components: [], ephemeral: true };
  }
}

export async function handleButton(ctx: BotContext, input: ButtonInput): Promise<ButtonOutcome> {
  const action = decodeButton(input.customId);
  switch (action.type) {
    case 'respond':
      return { mode: 'reply', reply: await respond(ctx, input, action) };
    case 'confirm':
      return { mode: 'update', reply: await confirm(ctx, input, action) };
    case 'cancel':
      if (action.user !== input.actor.userId) throw new BotError(BotErrorCodes.NOT_ALLOWED, `Only <@${action.user}> can answer this question.`);
      return { mode: 'update', reply: { content: 'Cancelled. Nothing was changed.', components: [], ephemeral: true } };
    case 'page':
      switch (action.view) {
        case 'lb':
          return { mode: 'update', reply: await boardPage(ctx, action.arg, action.page) };
        case 'queue':
          return { mode: 'update', reply: await queuePage(ctx, input, action.page) };
        case 'wars':
          return { mode: 'update', reply: await warsPage(ctx, input, action.page) };
        default:
          throw new BotError(BotErrorCodes.BAD_BUTTON, 'This button is from an older version of the bot. Run the command again.');
      }
  }
}
