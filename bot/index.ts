// The Discord bot: command modules, the router, notification delivery, the
// play page and the role that runs them (DESIGN §2 `bot/`).
export { createBotRole, type BotRole, type BotRoleOptions, type StartedBot } from './role.ts';
export { Router, type RouterOptions } from './router.ts';
export { commands, commandsJson } from './commands/index.ts';
export { deployCommands, type DeployOptions } from './discord/deploy.ts';
export { planShards, recommendedShardCount, type ShardPlan, type ShardSetting } from './discord/shard-plan.ts';
export { checkCommandLimits, COMMAND_LIMITS } from './limits.ts';
export { DISCORD_LIMITS, fitEmbed, fitReply, embedLength, pageOf, plain } from './embeds.ts';
export { encodeButton, decodeButton, type ButtonAction } from './custom-ids.ts';
export { validateOptions } from './options.ts';
export { BotError, BotErrorCodes, type BotErrorCode } from './errors.ts';
export { NotificationDelivery } from './notifications/delivery.ts';
export type { Actor, Incoming, Reply, Responder, CommandModule } from './types.ts';
export type { BotContext, BotCommand } from './context.ts';
