// What a socket may do: join and leave rooms, at a bounded rate, and nothing
// else. A private room (a nation's) needs a token for that nation, given at
// the handshake or with the join, checked on every join and again when a
// recovered connection gets its rooms back; the socket leaves the room when
// the token runs out, or when its nation revokes the links issued before it
// (checked at every private join, and for joined sockets every `revocationSweepMs`).
// Any event other than join/leave, or more than the rate, disconnects the
// socket: a page that does either is not one of ours.
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';
import type { Clock } from '../runtime/index.ts';
import type { ShardStore } from '../storage/index.ts';
import { advanceCursor, missedEvents, recentEvents } from './catch-up.ts';
import { RealtimeError, RealtimeErrorCodes, refusal, type Refusal } from './errors.ts';
import type { GatewayMetrics } from './metrics.ts';
import { CLIENT_EVENTS, joinSchema, leaveSchema, toWire, type JoinAnswer } from './protocol.ts';
import { TokenBucket, type RateLimit } from './rate-limit.ts';
import { isPrivate, parseRoom, type Room } from './rooms.ts';
import type { RevokedLinks } from './revoked-links.ts';
import { verifyToken } from './tokens.ts';
import type { ViewSource } from './view-source.ts';

export interface SocketPolicy {
  readonly rate: RateLimit;
  /** Rooms one socket may be in at once. */
  readonly maxRooms: number;
}

export interface SocketHandlerOptions {
  readonly store: ShardStore;
  readonly shards: number;
  readonly clock: Clock;
  readonly secret: string;
  readonly views: ViewSource;
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
  readonly policy: SocketPolicy;
  /** Links nations revoked (`/overlay revoke`), shared by every gateway through PostgreSQL. */
  readonly revoked: RevokedLinks;
  /** How often joined private-room sockets are checked against revocations (default 10 s). */
  readonly revocationSweepMs?: number;
}

/** Kept in socket.data, which connection state recovery restores with the rooms. */
interface SocketData {
  /** Private room → when the token that let the socket in expires. */
  grants: Record<string, number>;
  /** Private room → when the token that let the socket in was issued (a revocation voids older ones). */
  issued?: Record<string, number>;
  /** The handshake's token, checked again on each private join. */
  token?: string;
}

type Ack = (answer: JoinAnswer | Refusal | { ok: true; room: string }) => void;

const MAX_TIMER_MS = 2 ** 31 - 1;

export function handleSockets(io: Server, options: SocketHandlerOptions): { stop(): void } {
  const { clock, secret, metrics } = options;
  /** Each connected socket's check of its private rooms against revocations. */
  const enforcers = new Map<string, (revoked: ReadonlyMap<string, number>) => void>();

  // Joined sockets: a revocation takes them out of the room within one sweep.
  const sweep = setInterval(() => {
    const nations = new Set<string>();
    for (const socket of io.of('/').sockets.values()) for (const room of Object.keys((socket.data as SocketData).grants ?? {})) nations.add(room);
    if (nations.size === 0) return;
    void options.revoked.revokedBefore([...nations]).then((revoked) => {
      if (revoked.size > 0) for (const enforce of enforcers.values()) enforce(revoked);
    });
  }, options.revocationSweepMs ?? 10_000);
  sweep.unref();

  // The handshake: a token, when given, must be good (a bad link fails loudly at once).
  io.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (token === undefined || token === '') return next();
    try {
      verifyToken(secret, token, clock.now());
      (socket.data as SocketData).token = token as string;
      next();
    } catch (error) {
      metrics.refused.inc({ reason: 'token' });
      const refused = refusal(error);
      next(Object.assign(new Error(refused.message), { data: { code: refused.code } }));
    }
  });

  io.on('connection', (socket) => {
    metrics.sockets.inc();
    const data = socket.data as SocketData;
    data.grants ??= {};
    const expiry = new Map<string, NodeJS.Timeout>();
    data.issued ??= {};
    socket.once('disconnect', () => {
      metrics.sockets.dec();
      enforcers.delete(socket.id);
      for (const timer of expiry.values()) clearTimeout(timer);
    });
    enforcers.set(socket.id, (revoked) => {
      for (const room of Object.keys(data.grants)) {
        // A grant without an issue time (restored from before they were kept) counts as the oldest.
        if ((data.issued?.[room] ?? 0) >= (revoked.get(room) ?? 0)) continue;
        void removeFromRoom(room);
        metrics.refused.inc({ reason: 'token' });
        socket.emit('expired', { room, code: RealtimeErrorCodes.TOKEN_REVOKED });
      }
    });

    const removeFromRoom = (room: string): Promise<void> | void => {
      clearTimeout(expiry.get(room));
      expiry.delete(room);
      delete data.grants[room];
      delete data.issued?.[room];
      return socket.leave(room);
    };

    const bucket = new TokenBucket(options.policy.rate, Date.now());
    socket.use(([event], next) => {
      if (!(CLIENT_EVENTS as readonly string[]).includes(event)) {
        metrics.refused.inc({ reason: 'forged' });
        options.logger.debug({ event: String(event).slice(0, 40) }, 'socket sent an event it may not; disconnected');
        socket.disconnect(true);
        return;
      }
      if (!bucket.take(Date.now())) {
        metrics.refused.inc({ reason: 'flood' });
        socket.disconnect(true);
        return;
      }
      next();
    });

    const expireAt = (room: string, at: number): void => {
      clearTimeout(expiry.get(room));
      const timer = setTimeout(() => {
        void removeFromRoom(room);
        socket.emit('expired', { room, code: RealtimeErrorCodes.TOKEN_EXPIRED });
      }, Math.min(MAX_TIMER_MS, Math.max(0, at - clock.now())));
      timer.unref();
      expiry.set(room, timer);
    };

    // A recovered connection gets its rooms back without a join: check its grants again.
    if (socket.recovered) {
      for (const room of socket.rooms) {
        if (!room.startsWith('nation:')) continue;
        const until = data.grants[room];
        if (until === undefined || until <= clock.now()) void socket.leave(room);
        else expireAt(room, until);
      }
    }

    socket.on('join', async (payload: unknown, ack: unknown) => {
      const answer = typeof ack === 'function' ? (ack as Ack) : () => undefined;
      try {
        const request = joinSchema.safeParse(payload);
        if (!request.success) throw badRequest('join takes { room, token?, cursor?, history?, limit? }', request.error);
        const room = parseRoom(request.data.room);
        const joined = [...socket.rooms].filter((name) => name !== socket.id);
        if (!socket.rooms.has(room.name) && joined.length >= options.policy.maxRooms) {
          throw new RealtimeError(RealtimeErrorCodes.TOO_MANY_ROOMS, `a socket may be in at most ${options.policy.maxRooms} rooms`);
        }
        if (isPrivate(room)) await grant(room, request.data.token ?? data.token);
        await socket.join(room.name);
        metrics.joins.inc({ room_kind: room.kind });
        const now = clock.now();
        const { cursor, history } = request.data;
        const [view, missed] = await Promise.all([
          options.views.view(room, request.data.limit),
          cursor
            ? missedEvents(options.store, options.shards, room, cursor)
            : history
              ? recentEvents(options.store, options.shards, room, now, history)
              : { events: [], gap: false },
        ]);
        answer({
          ok: true,
          room: room.name,
          view,
          missed: missed.events.map((event) => toWire(event, now)),
          gap: missed.gap,
          cursor: advanceCursor(cursor, missed.events, now),
          now,
        });
      } catch (error) {
        if (error instanceof RealtimeError) metrics.refused.inc({ reason: reasonOf(error) });
        else options.logger.warn({ err: error }, 'join failed');
        answer(refusal(error));
      }
    });

    socket.on('leave', async (payload: unknown, ack: unknown) => {
      const answer = typeof ack === 'function' ? (ack as Ack) : () => undefined;
      try {
        const request = leaveSchema.safeParse(payload);
        if (!request.success) throw badRequest('leave takes { room }', request.error);
        // Only a room a socket may join: never its own id's room, which Socket.IO delivers to it by.
        const room = parseRoom(request.data.room);
        await removeFromRoom(room.name);
        answer({ ok: true, room: room.name });
      } catch (error) {
        if (error instanceof RealtimeError) metrics.refused.inc({ reason: reasonOf(error) });
        else options.logger.warn({ err: error }, 'leave failed');
        answer(refusal(error));
      }
    });

    async function grant(room: Room, token: string | undefined): Promise<void> {
      if (token === undefined) {
        throw new RealtimeError(RealtimeErrorCodes.FORBIDDEN, `${room.name} is a nation's private view: its overlay link carries a token (/overlay in Discord)`);
      }
      const granted = verifyToken(secret, token, clock.now());
      if (granted.nation !== room.name) {
        throw new RealtimeError(RealtimeErrorCodes.FORBIDDEN, `this token is for ${granted.nation}, not ${room.name}`);
      }
      await options.revoked.check(granted);
      data.grants[room.name] = granted.expiresAt;
      data.issued![room.name] = granted.issuedAt;
      expireAt(room.name, granted.expiresAt);
    }
  });

  return {
    stop() {
      clearInterval(sweep);
    },
  };
}

/** REALTIME_BAD_REQUEST naming the first field zod refused, after what the event takes. */
function badRequest(usage: string, error: z.ZodError): RealtimeError {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return new RealtimeError(RealtimeErrorCodes.BAD_REQUEST, issue ? `${usage}; ${field}${issue.message}` : usage);
}

function reasonOf(error: RealtimeError): string {
  switch (error.code) {
    case RealtimeErrorCodes.BAD_TOKEN:
    case RealtimeErrorCodes.TOKEN_EXPIRED:
    case RealtimeErrorCodes.TOKEN_REVOKED:
    case RealtimeErrorCodes.FORBIDDEN:
      return 'token';
    case RealtimeErrorCodes.TOO_MANY_ROOMS:
      return 'rooms';
    default:
      return 'bad_request';
  }
}
