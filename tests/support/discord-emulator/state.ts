// What the emulated Discord holds: users, guilds, channels, messages,
// registered commands, open interactions, every REST request and the faults
// still to serve. Tests read it to assert on what the bot sent.
import type { RecordedRequest, Fault } from './rest.ts';
import { snowflake, token as newToken, userPayload, type EmuChannel, type EmuGuild, type EmuMessage, type EmuUser } from './fixtures.ts';

export interface InteractionRecord {
  readonly id: string;
  readonly token: string;
  /** 2 command, 3 component, 4 autocomplete. */
  readonly type: 2 | 3 | 4;
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  readonly createdAt: number;
  /** The message a component was clicked on. */
  readonly message?: EmuMessage;
  callback?: { type: number; data: unknown; at: number };
  original: EmuMessage | null;
  originalDeleted: boolean;
  edits: number;
  readonly followUps: EmuMessage[];
}

const NONCE_WINDOW_MS = 5 * 60_000;

export class EmulatorState {
  readonly token: string;
  readonly applicationId = snowflake();
  readonly botUser: { id: string; username: string };
  readonly users = new Map<string, EmuUser>();
  readonly guilds = new Map<string, EmuGuild>();
  readonly channels = new Map<string, EmuChannel>();
  readonly messages = new Map<string, EmuMessage>();
  readonly commands = new Map<string, Record<string, unknown>[]>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly requests: RecordedRequest[] = [];
  readonly faults: Fault[] = [];
  /** POSTs answered with an earlier message because their nonce was already used (enforce_nonce). */
  nonceHits = 0;
  recommendedShards = 1;
  tokenLifetimeMs = 15 * 60_000;
  readonly #dms = new Map<string, EmuChannel>();
  readonly #nonces = new Map<string, { message: EmuMessage; at: number }>();
  readonly #listeners = new Set<() => void>();
  #wsUrl = '';

  constructor(token: string) {
    this.token = token;
    this.botUser = { id: snowflake(), username: 'Server Wars' };
    this.users.set(this.botUser.id, { ...this.botUser, bot: true });
  }

  newId(): string {
    return snowflake();
  }

  setWsUrl(url: string): void {
    this.#wsUrl = url;
  }

  wsUrl(): string {
    return this.#wsUrl;
  }

  /** Wakes whoever waits for the state to change. */
  changed(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  channel(id: string): EmuChannel | undefined {
    return this.channels.get(id);
  }

  dmChannel(userId: string): EmuChannel {
    let channel = this.#dms.get(userId);
    if (!channel) {
      channel = { id: snowflake(), name: `dm-${userId}`, guildId: null, recipient: userId };
      this.#dms.set(userId, channel);
      this.channels.set(channel.id, channel);
    }
    return channel;
  }

  dmChannelOf(userId: string): EmuChannel | undefined {
    return this.#dms.get(userId);
  }

  interactionByToken(token: string): InteractionRecord | undefined {
    return this.interactions.get(token);
  }

  newInteraction(fields: Omit<InteractionRecord, 'id' | 'token' | 'createdAt' | 'original' | 'originalDeleted' | 'edits' | 'followUps' | 'callback'>): InteractionRecord {
    const record: InteractionRecord = { ...fields, id: snowflake(), token: newToken(), createdAt: Date.now(), original: null, originalDeleted: false, edits: 0, followUps: [] };
    this.interactions.set(record.token, record);
    return record;
  }

  #message(channelId: string, data: Record<string, unknown>, interaction?: string): EmuMessage {
    return {
      id: snowflake(),
      channel_id: channelId,
      author: userPayload({ ...this.botUser, bot: true }),
      content: typeof data.content === 'string' ? data.content : '',
      embeds: Array.isArray(data.embeds) ? data.embeds : [],
      components: Array.isArray(data.components) ? data.components : [],
      flags: Number(data.flags ?? 0),
      ...(data.nonce !== undefined ? { nonce: data.nonce as string } : {}),
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      ...(interaction ? { emu_interaction: interaction } : {}),
    };
  }

  interactionMessage(interaction: InteractionRecord, data: Record<string, unknown>): EmuMessage {
    const message = this.#message(interaction.channelId, data, interaction.id);
    this.messages.set(message.id, message);
    return message;
  }

  /** A channel message; with `enforce_nonce`, a nonce seen in the last minutes returns the earlier message. */
  postMessage(channelId: string, data: Record<string, unknown>): { message: EmuMessage; created: boolean } {
    const nonce = data.nonce === undefined ? undefined : String(data.nonce);
    if (nonce !== undefined && data.enforce_nonce === true) {
      const seen = this.#nonces.get(`${channelId}:${nonce}`);
      if (seen && Date.now() - seen.at < NONCE_WINDOW_MS) return { message: seen.message, created: false };
    }
    const message = this.#message(channelId, data);
    this.messages.set(message.id, message);
    if (nonce !== undefined) this.#nonces.set(`${channelId}:${nonce}`, { message, at: Date.now() });
    return { message, created: true };
  }

  updateMessage(id: string, data: Record<string, unknown>): EmuMessage | undefined {
    const message = this.messages.get(id);
    if (!message) return undefined;
    if (typeof data.content === 'string') message.content = data.content;
    if (Array.isArray(data.embeds)) message.embeds = data.embeds;
    if (Array.isArray(data.components)) message.components = data.components;
    if (data.flags !== undefined) message.flags = (message.flags & 64) | (Number(data.flags) & ~128);
    else message.flags &= ~128;
    message.edited_timestamp = new Date().toISOString();
    return message;
  }

  deleteMessage(id: string): void {
    this.messages.delete(id);
  }

  addUser(user: EmuUser): void {
    this.users.set(user.id, user);
  }

  addGuild(guild: EmuGuild): void {
    this.guilds.set(guild.id, guild);
    for (const channel of guild.channels) this.channels.set(channel.id, channel);
  }

  /** Channel messages (not interaction responses) in a channel, oldest first. */
  channelMessages(channelId: string): EmuMessage[] {
    return [...this.messages.values()].filter((message) => message.channel_id === channelId && !message.emu_interaction);
  }
}
