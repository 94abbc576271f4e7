// /overlay [theme] [revoke]: the streamer's links for this server's nation —
// battle overlays of its wars, the leaderboard, the war ticker and the nation
// card. The card's link carries the nation's signed, expiring token
// (realtime/links.ts), so only the leader or a server manager gets the links,
// and only privately. `revoke` voids every link given out before (one shown on
// stream by mistake): the gateways refuse them and drop overlays using them.
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { GameErrorCodes } from '../../actors/common/errors.ts';
import { gatewaySecret, nationLinks, overlayBaseUrl } from '../../realtime/index.ts';
import type { BotContext } from '../context.ts';
import { Colors, plain } from '../embeds.ts';
import { GameRefusal } from '../game.ts';
import { embedReply } from '../replies.ts';
import type { CommandInput, Reply } from '../types.ts';
import { nationAddress, options, ownNation } from './shared.ts';

const THEMES = ['midnight', 'daylight', 'ember'] as const;
/** A battle overlay is worth linking while the war can still be fought or watched. */
const FINISHED_PHASES = new Set(['concluded', 'declined', 'expired']);

export const data = new SlashCommandBuilder()
  .setName('overlay')
  .setDescription('Links to OBS overlays of your nation for streaming')
  .setContexts(InteractionContextType.Guild)
  .addStringOption((o) => o.setName('theme').setDescription('Look of the overlays (default: midnight)').addChoices(...THEMES.map((theme) => ({ name: theme, value: theme }))))
  .addBooleanOption((o) => o.setName('revoke').setDescription('Void every overlay link given out before (e.g. one shown on stream); fresh links follow'));

export const privateSubcommands = [''];

export async function execute(ctx: BotContext, input: CommandInput): Promise<Reply> {
  const nation = await ownNation(ctx, input);
  if (nation.context.leader !== input.actor.userId && !input.actor.canManageGuild) {
    throw new GameRefusal(GameErrorCodes.NOT_LEADER, 'The overlay links carry your nation’s private token: only the leader or a server manager can get them.');
  }
  const { env } = ctx.config;
  const wars = Object.entries(nation.context.wars)
    .filter(([, war]) => !FINISHED_PHASES.has(war.phase))
    .map(([id]) => id);
  const theme = options(input).string('theme') ?? undefined;
  const revoke = options(input).boolean('revoke') === true;
  const now = ctx.now();
  // Void every link issued up to this moment, the same millisecond included; the fresh ones below are issued just after it.
  const issuedAt = revoke ? now + 1 : now;
  if (revoke) await ctx.overlays.revoke(nationAddress(nation.context.id), issuedAt);
  const links = nationLinks({
    baseUrl: overlayBaseUrl(env),
    secret: gatewaySecret(env).secret,
    nation: nationAddress(nation.context.id),
    wars,
    now,
    issuedAt,
    ...(theme ? { theme } : {}),
  });
  const expires = Math.floor(links.expiresAt / 1000);
  return embedReply(
    {
      title: `🎥 Overlays for ${plain(nation.context.name)}`,
      color: Colors.info,
      description:
        (revoke ? '🚫 Every overlay link given out before now is revoked: overlays still using one go dark within seconds.\n' : '') +
        `Add these as **Browser Sources** in OBS (1920×1080, transparent). [All links on one page](${links.page}).\n` +
        `🔒 The nation card and the page carry your private token: do not show them on stream. They stop working <t:${expires}:R>; run /overlay again for fresh ones.`,
      // Discord allows 25 fields; a nation has at most a handful of wars at once.
      fields: links.links.slice(0, 25).map((link) => ({ name: `${link.private ? '🔒 ' : ''}${link.label}`.slice(0, 256), value: link.url.slice(0, 1024) })),
    },
    { ephemeral: true },
  );
}
