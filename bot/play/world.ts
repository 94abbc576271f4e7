// The play page's pretend Discord: a few guilds with one channel each, some
// users, and the messages notifications post to channels and DMs. In memory,
// like the embedded backends it runs beside.
import { randomInt } from 'node:crypto';
import type { NotificationSender } from '../notifications/sender.ts';
import type { Reply } from '../types.ts';

export interface PlayGuild {
  readonly id: string;
  readonly name: string;
  readonly channelId: string;
  readonly ownerId: string;
}

export interface PlayUser {
  readonly id: string;
  readonly name: string;
}

export interface PlayMessage {
  readonly id: number;
  readonly at: number;
  readonly reply: Reply;
}

const DISCORD_EPOCH = 1420070400000n;
const MAX_MESSAGES = 200;

/** A snowflake-shaped id, as Discord's would be. */
function fakeId(): string {
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | BigInt(randomInt(1 << 22))).toString();
}

export class PlayWorld implements NotificationSender {
  readonly guilds = new Map<string, PlayGuild>();
  readonly users = new Map<string, PlayUser>();
  readonly #messages = new Map<string, PlayMessage[]>();
  #sequence = 0;

  constructor() {
    const alice = this.addUser('Alice');
    const bob = this.addUser('Bob');
    this.addUser('Carol');
    this.addUser('Dave');
    this.addGuild('Avalon', alice.id);
    this.addGuild('Byzantium', bob.id);
  }

  addUser(name: string): PlayUser {
    const user = { id: fakeId(), name: name.slice(0, 32) };
    this.users.set(user.id, user);
    return user;
  }

  addGuild(name: string, ownerId: string): PlayGuild {
    const guild = { id: fakeId(), name: name.slice(0, 64), channelId: fakeId(), ownerId };
    this.guilds.set(guild.id, guild);
    return guild;
  }

  /** Channel (or `dm:<user>`) messages, newest last. */
  messages(channel: string, after = 0): PlayMessage[] {
    return (this.#messages.get(channel) ?? []).filter((message) => message.id > after);
  }

  #post(channel: string, reply: Reply): void {
    const list = this.#messages.get(channel) ?? [];
    list.push({ id: ++this.#sequence, at: Date.now(), reply });
    if (list.length > MAX_MESSAGES) list.splice(0, list.length - MAX_MESSAGES);
    this.#messages.set(channel, list);
  }

  async toChannel(channelId: string, reply: Reply): Promise<void> {
    this.#post(channelId, reply);
  }

  async toUser(userId: string, reply: Reply): Promise<void> {
    this.#post(`dm:${userId}`, reply);
  }
}
