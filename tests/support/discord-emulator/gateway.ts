// The emulator's gateway: a WebSocket server speaking enough of Discord's
// gateway v10 (JSON, no compression) for discord.js to connect its shards:
// HELLO → IDENTIFY → READY + one GUILD_CREATE per guild of the shard,
// heartbeats answered, RESUME refused (the client then identifies again),
// and dispatches (INTERACTION_CREATE) sent to the shard that owns a guild.
import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { guildPayload, shardOfGuild, snowflake, type EmuGuild } from './fixtures.ts';

export interface GatewaySession {
  readonly shard: number;
  readonly shardCount: number;
  readonly socket: WebSocket;
  readonly sessionId: string;
  sequence: number;
  readonly identifiedAt: number;
}

export interface GatewayHost {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: { id: string; username: string };
  guilds(): readonly EmuGuild[];
  wsUrl(): string;
}

const Op = { Dispatch: 0, Heartbeat: 1, Identify: 2, Resume: 6, InvalidSession: 9, Hello: 10, HeartbeatAck: 11 } as const;

export class Gateway {
  readonly #host: GatewayHost;
  readonly #wss: WebSocketServer;
  readonly sessions = new Set<GatewaySession>();
  /** Every IDENTIFY seen, in order: [shard, shardCount]. */
  readonly identifies: [number, number][] = [];

  constructor(server: Server, host: GatewayHost) {
    this.#host = host;
    this.#wss = new WebSocketServer({ server, path: '/gateway' });
    this.#wss.on('connection', (socket) => this.#accept(socket));
  }

  #accept(socket: WebSocket): void {
    const send = (payload: unknown): void => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(payload));
    };
    send({ op: Op.Hello, d: { heartbeat_interval: 41_250 }, s: null, t: null });
    let session: GatewaySession | undefined;
    socket.on('message', (raw) => {
      let packet: { op: number; d: unknown };
      try {
        packet = JSON.parse(String(raw)) as { op: number; d: unknown };
      } catch {
        socket.close(4002, 'decode error');
        return;
      }
      switch (packet.op) {
        case Op.Heartbeat:
          send({ op: Op.HeartbeatAck, d: null, s: null, t: null });
          return;
        case Op.Resume:
          // Sessions do not outlive a connection here: the client identifies afresh.
          send({ op: Op.InvalidSession, d: false, s: null, t: null });
          return;
        case Op.Identify: {
          const d = packet.d as { token: string; shard?: [number, number] };
          if (d.token !== this.#host.token && d.token !== `Bot ${this.#host.token}`) {
            socket.close(4004, 'Authentication failed.');
            return;
          }
          const [shard, shardCount] = d.shard ?? [0, 1];
          if (!(shard >= 0 && shard < shardCount)) {
            socket.close(4010, 'Invalid shard.'); // as Discord does
            return;
          }
          this.identifies.push([shard, shardCount]);
          session = { shard, shardCount, socket, sessionId: snowflake(), sequence: 0, identifiedAt: Date.now() };
          this.sessions.add(session);
          const mine = this.#host.guilds().filter((guild) => shardOfGuild(guild.id, shardCount) === shard);
          this.dispatch(session, 'READY', {
            v: 10,
            user: { id: this.#host.botUser.id, username: this.#host.botUser.username, discriminator: '0', avatar: null, bot: true, verified: true, flags: 0 },
            guilds: mine.map((guild) => ({ id: guild.id, unavailable: true })),
            session_id: session.sessionId,
            resume_gateway_url: this.#host.wsUrl(),
            shard: [shard, shardCount],
            application: { id: this.#host.applicationId, flags: 0 },
            private_channels: [],
            relationships: [],
            presences: [],
            guild_join_requests: [],
            geo_ordered_rtc_regions: [],
            user_settings: {},
          });
          for (const guild of mine) this.dispatch(session, 'GUILD_CREATE', guildPayload(guild, this.#host.botUser.id));
          return;
        }
        default:
          return;
      }
    });
    socket.on('close', () => {
      if (session) this.sessions.delete(session);
    });
  }

  dispatch(session: GatewaySession, type: string, data: unknown): void {
    session.sequence += 1;
    if (session.socket.readyState === session.socket.OPEN) session.socket.send(JSON.stringify({ op: Op.Dispatch, t: type, s: session.sequence, d: data }));
  }

  /** The live session of the shard that owns `guildId`, if one is connected. */
  sessionFor(guildId: string): GatewaySession | undefined {
    for (const session of this.sessions) {
      if (shardOfGuild(guildId, session.shardCount) === session.shard) return session;
    }
    return undefined;
  }

  /** Announces a guild added after the shard connected. */
  guildAdded(guild: EmuGuild): void {
    const session = this.sessionFor(guild.id);
    if (session) this.dispatch(session, 'GUILD_CREATE', guildPayload(guild, this.#host.botUser.id));
  }

  close(): void {
    for (const session of this.sessions) session.socket.terminate();
    this.#wss.close();
  }
}
