// A local stand-in for Discord (tests only, never shipped): REST under /api
// and a gateway WebSocket under /gateway on one loopback port. The real
// discord.js Client logs in to it (rest.api = emulator.apiUrl), receives
// INTERACTION_CREATE for commands, buttons and autocomplete that tests send
// as a given user of a given guild, and answers through the real REST routes.
// Everything the bot sent is recorded for assertions.
import { createServer, type Server } from 'node:http';
import { Gateway } from './gateway.ts';
import { channelPayload, memberPayload, MEMBER_PERMISSIONS, snowflake, snowflakeOnShard, userPayload, type EmuChannel, type EmuGuild, type EmuMessage, type EmuUser } from './fixtures.ts';
import { handleRest, type Fault } from './rest.ts';
import { EmulatorState, type InteractionRecord } from './state.ts';

export interface StartOptions {
  readonly token?: string;
  /** What GET /gateway/bot recommends. */
  readonly recommendedShards?: number;
}

export type OptionValue = string | number | boolean;

export interface InteractOptions {
  readonly guild: EmuGuild;
  readonly user: EmuUser;
  /** Default: the guild's first channel. */
  readonly channelId?: string;
  /** Member permission bits (default: an ordinary member). */
  readonly permissions?: bigint;
}

export interface Answer {
  readonly content: string;
  readonly embeds: Record<string, unknown>[];
  readonly components: { components: { custom_id?: string; label?: string; disabled?: boolean }[] }[];
  readonly ephemeral: boolean;
  /** The interaction was deferred before it was answered. */
  readonly deferred: boolean;
  readonly message: EmuMessage;
}

const OPTION_TYPES: Record<string, number> = { string: 3, integer: 4, boolean: 5, user: 6, channel: 7, number: 10 };

export class DiscordEmulator {
  readonly state: EmulatorState;
  readonly #server: Server;
  readonly #gateway: Gateway;
  readonly #port: number;

  private constructor(state: EmulatorState, server: Server, gateway: Gateway, port: number) {
    this.state = state;
    this.#server = server;
    this.#gateway = gateway;
    this.#port = port;
  }

  static async start(options: StartOptions = {}): Promise<DiscordEmulator> {
    const state = new EmulatorState(options.token ?? 'emulated-bot-token');
    state.recommendedShards = options.recommendedShards ?? 1;
    const server = createServer((request, response) => {
      void handleRest(state, request, response).catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ message: String(error), code: 0 }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    state.setWsUrl(`ws://127.0.0.1:${port}/gateway`);
    const gateway = new Gateway(server, {
      token: state.token,
      applicationId: state.applicationId,
      botUser: state.botUser,
      guilds: () => [...state.guilds.values()],
      wsUrl: () => state.wsUrl(),
    });
    return new DiscordEmulator(state, server, gateway, port);
  }

  /** What DISCORD_API_URL points at. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.#port}/api`;
  }

  get token(): string {
    return this.state.token;
  }

  get applicationId(): string {
    return this.state.applicationId;
  }

  get gateway(): Gateway {
    return this.#gateway;
  }

  addUser(username: string): EmuUser {
    const user = { id: snowflake(), username };
    this.state.addUser(user);
    return user;
  }

  /** A guild with one text channel; `shard` of `shardCount` picks an id on that shard. */
  addGuild(name: string, owner: EmuUser, placement?: { shard: number; shardCount: number }): EmuGuild & { channel: EmuChannel } {
    const id = placement ? snowflakeOnShard(placement.shard, placement.shardCount) : snowflake();
    const channel: EmuChannel = { id: snowflake(), name: 'general', guildId: id };
    const guild = { id, name, ownerId: owner.id, channels: [channel] };
    this.state.addGuild(guild);
    this.#gateway.guildAdded(guild);
    return { ...guild, channel };
  }

  /** The next `times` requests matching get `status` (429 carries retry_after seconds). */
  fault(fault: Omit<Fault, 'remaining'> & { times?: number }): void {
    this.state.faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  /** Resolves once `check` returns a value other than undefined/false, re-checked on every change. */
  waitFor<T>(check: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = (): boolean => {
        const value = check();
        if (value === undefined || value === false) return false;
        cleanup();
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`emulator: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const poll = setInterval(attempt, 50);
      const off = this.state.onChange(attempt);
      const cleanup = (): void => {
        clearTimeout(timer);
        clearInterval(poll);
        off();
      };
      attempt();
    });
  }

  #dispatch(record: InteractionRecord, payload: Record<string, unknown>): void {
    const session = this.#gateway.sessionFor(record.guildId);
    if (!session) throw new Error(`emulator: no gateway shard is connected for guild ${record.guildId}`);
    this.#gateway.dispatch(session, 'INTERACTION_CREATE', payload);
  }

  #base(record: InteractionRecord, options: InteractOptions) {
    const channel = this.state.channel(record.channelId)!;
    return {
      id: record.id,
      application_id: this.state.applicationId,
      type: record.type,
      token: record.token,
      version: 1,
      guild_id: record.guildId,
      guild: { id: record.guildId, locale: 'en-US', features: [] },
      channel_id: record.channelId,
      channel: channelPayload(channel),
      member: memberPayload(options.user, options.permissions ?? MEMBER_PERMISSIONS),
      app_permissions: '2251799813685247',
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': record.guildId },
      context: 0,
    };
  }

  #options(command: string, subcommand: string | undefined, values: Record<string, OptionValue>, focused?: string) {
    const definition = [...this.state.commands.values()].flat().find((candidate) => candidate.name === command) as
      | { id: string; options?: { name: string; type: number; options?: { name: string; type: number }[] }[] }
      | undefined;
    const declared = subcommand ? definition?.options?.find((option) => option.name === subcommand)?.options : definition?.options;
    const resolved: { users?: Record<string, unknown>; members?: Record<string, unknown>; channels?: Record<string, unknown> } = {};
    const options = Object.entries(values).map(([name, value]) => {
      const type = declared?.find((option) => option.name === name)?.type ?? OPTION_TYPES[typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value]!;
      if (type === 6) {
        const user = this.state.users.get(String(value));
        if (user) (resolved.users ??= {})[user.id] = userPayload(user);
      }
      if (type === 7) {
        const channel = this.state.channel(String(value));
        if (channel) (resolved.channels ??= {})[channel.id] = { ...channelPayload(channel), permissions: '2251799813685247' };
      }
      return { name, type, value, ...(focused === name ? { focused: true } : {}) };
    });
    const top = subcommand ? [{ name: subcommand, type: 1, options }] : options;
    return { id: definition?.id ?? snowflake(), name: command, type: 1, options: top, ...(Object.keys(resolved).length > 0 ? { resolved } : {}) };
  }

  /** Sends a slash command as `user`; resolves to its interaction record (answers arrive later). */
  command(options: InteractOptions & { command: string; subcommand?: string; options?: Record<string, OptionValue> }): InteractionRecord {
    const record = this.state.newInteraction({ type: 2, guildId: options.guild.id, channelId: options.channelId ?? options.guild.channels[0]!.id, userId: options.user.id });
    this.#dispatch(record, { ...this.#base(record, options), data: this.#options(options.command, options.subcommand, options.options ?? {}) });
    return record;
  }

  /** Clicks the button `customId` of `message`. */
  click(options: InteractOptions & { message: EmuMessage; customId: string }): InteractionRecord {
    const record = this.state.newInteraction({ type: 3, guildId: options.guild.id, channelId: options.message.channel_id, userId: options.user.id, message: options.message });
    this.#dispatch(record, { ...this.#base(record, options), message: options.message, data: { custom_id: options.customId, component_type: 2 } });
    return record;
  }

  /** Types into an autocompleting option; resolves to the choices the bot offered. */
  async autocomplete(options: InteractOptions & { command: string; subcommand?: string; options: Record<string, OptionValue>; focused: string }): Promise<{ name: string; value: string | number }[]> {
    const record = this.state.newInteraction({ type: 4, guildId: options.guild.id, channelId: options.channelId ?? options.guild.channels[0]!.id, userId: options.user.id });
    this.#dispatch(record, { ...this.#base(record, options), data: this.#options(options.command, options.subcommand, options.options, options.focused) });
    const callback = await this.waitFor(() => record.callback, 5_000, 'autocomplete answer');
    return ((callback.data as { choices?: { name: string; value: string | number }[] }).choices ?? []);
  }

  /** Waits for the interaction's answer the player would see: the reply, or the edit of a deferred reply (or its follow-up). */
  answer(record: InteractionRecord, timeoutMs = 10_000): Promise<Answer> {
    return this.waitFor(
      () => {
        const callback = record.callback;
        if (!callback) return undefined;
        const deferred = callback.type === 5 || callback.type === 6;
        let message: EmuMessage | null | undefined;
        if (!deferred) message = record.original;
        else if (record.originalDeleted) message = record.followUps[0];
        else if (record.edits > 0) message = record.original;
        else message = record.followUps[0];
        if (!message) return undefined;
        return {
          content: message.content,
          embeds: message.embeds as Record<string, unknown>[],
          components: message.components as Answer['components'],
          ephemeral: (message.flags & 64) !== 0,
          deferred,
          message,
        };
      },
      timeoutMs,
      `the answer to interaction ${record.id}`,
    );
  }

  /** Messages the bot posted to a channel (not interaction replies). */
  channelMessages(channelId: string): EmuMessage[] {
    return this.state.channelMessages(channelId);
  }

  /** Messages the bot sent a user by DM. */
  dms(userId: string): EmuMessage[] {
    const channel = this.state.dmChannelOf(userId);
    return channel ? this.state.channelMessages(channel.id) : [];
  }

  async close(): Promise<void> {
    this.#gateway.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
