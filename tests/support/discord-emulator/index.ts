// A local Discord for tests: REST + gateway enough for the real discord.js.
export { DiscordEmulator } from './emulator.ts';
export type { Answer, InteractOptions, OptionValue, StartOptions } from './emulator.ts';
export { MEMBER_PERMISSIONS, Permission, shardOfGuild, snowflake, snowflakeOnShard } from './fixtures.ts';
export type { EmuChannel, EmuGuild, EmuMessage, EmuUser } from './fixtures.ts';
export type { InteractionRecord } from './state.ts';
export type { RecordedRequest } from './rest.ts';
