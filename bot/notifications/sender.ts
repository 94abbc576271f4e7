// Where notifications are sent: Discord through discord.js's REST client
// (which queues per route and honours 429 retry_after by itself), or the
// play page's in-memory channels when the bot has no Discord token.
import { Routes, type REST } from 'discord.js';
import type { Reply } from '../types.ts';

export interface NotificationSender {
  /** Posts to a channel; the nonce makes a repeat within Discord's window return the first message. */
  toChannel(channelId: string, reply: Reply, nonce: string): Promise<void>;
  toUser(userId: string, reply: Reply, nonce: string): Promise<void>;
}

export class DiscordSender implements NotificationSender {
  readonly #rest: REST;
  readonly #dmChannels = new Map<string, string>();

  constructor(rest: REST) {
    this.#rest = rest;
  }

  async toChannel(channelId: string, reply: Reply, nonce: string): Promise<void> {
    await this.#rest.post(Routes.channelMessages(channelId), {
      body: {
        content: reply.content ?? '',
        embeds: reply.embeds ?? [],
        components: reply.components ?? [],
        nonce,
        enforce_nonce: true,
        allowed_mentions: { parse: [] },
      },
    });
  }

  async toUser(userId: string, reply: Reply, nonce: string): Promise<void> {
    let channelId = this.#dmChannels.get(userId);
    if (!channelId) {
      const channel = (await this.#rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
      channelId = channel.id;
      this.#dmChannels.set(userId, channelId);
    }
    await this.toChannel(channelId, reply, nonce);
  }
}
