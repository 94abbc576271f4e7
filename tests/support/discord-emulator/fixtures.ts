// Payload builders for the emulator: the JSON shapes Discord's API v10 sends,
// with only the fields discord.js reads. Snowflakes are strings and encode
// their creation time, so `(id >> 22) % shards` places a guild on a shard
// exactly as Discord does.
import { randomBytes } from 'node:crypto';

const DISCORD_EPOCH = 1420070400000n;
let sequence = 0n;

/** A fresh snowflake; `at` (ms) picks its timestamp part. */
export function snowflake(at = Date.now()): string {
  sequence = (sequence + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | sequence).toString();
}

/** The gateway shard a guild belongs to (Discord's formula). */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** A snowflake whose guild would live on `shard` of `shardCount`. */
export function snowflakeOnShard(shard: number, shardCount: number): string {
  for (let at = Date.now(); ; at += 1) {
    const id = snowflake(at);
    if (shardOfGuild(id, shardCount) === shard) return id;
  }
}

export function token(): string {
  return randomBytes(24).toString('base64url');
}

export interface EmuUser {
  readonly id: string;
  readonly username: string;
  readonly bot?: boolean;
}

export interface EmuChannel {
  readonly id: string;
  readonly name: string;
  readonly guildId: string | null;
  /** The DM recipient, for a DM channel. */
  readonly recipient?: string;
}

export interface EmuGuild {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
  readonly channels: EmuChannel[];
}

export interface EmuMessage {
  readonly id: string;
  readonly channel_id: string;
  readonly author: ReturnType<typeof userPayload>;
  content: string;
  embeds: unknown[];
  components: unknown[];
  flags: number;
  readonly nonce?: string | number;
  readonly timestamp: string;
  edited_timestamp: string | null;
  /** Set on interaction responses: which interaction produced the message. */
  readonly emu_interaction?: string;
}

export function userPayload(user: EmuUser) {
  return { id: user.id, username: user.username, global_name: user.username, discriminator: '0', avatar: null, bot: user.bot ?? false };
}

export function channelPayload(channel: EmuChannel) {
  if (channel.guildId === null) {
    return { id: channel.id, type: 1, last_message_id: null, recipients: channel.recipient ? [{ id: channel.recipient, username: 'player', discriminator: '0', avatar: null }] : [] };
  }
  return { id: channel.id, type: 0, guild_id: channel.guildId, name: channel.name, position: 0, permission_overwrites: [], nsfw: false, parent_id: null, topic: null };
}

export function guildPayload(guild: EmuGuild, botUserId: string) {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [{ id: guild.id, name: '@everyone', color: 0, hoist: false, position: 0, permissions: '0', managed: false, mentionable: false, flags: 0 }],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    system_channel_id: guild.channels[0]?.id ?? null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: 1,
    voice_states: [],
    members: [{ user: { id: botUserId, username: 'Server Wars', discriminator: '0', avatar: null, bot: true }, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 }],
    channels: guild.channels.map(channelPayload),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export function memberPayload(user: EmuUser, permissions: bigint) {
  return { user: userPayload(user), roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, permissions: permissions.toString(), nick: null, avatar: null, pending: false };
}

/** Discord's permission bits the bot cares about. */
export const Permission = {
  ManageGuild: 1n << 5n,
  Administrator: 1n << 3n,
  SendMessages: 1n << 11n,
  ViewChannel: 1n << 10n,
} as const;

/** Every permission an ordinary member has in our tests. */
export const MEMBER_PERMISSIONS = Permission.SendMessages | Permission.ViewChannel;
