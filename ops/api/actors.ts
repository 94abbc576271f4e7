// API handlers for actors: find, show, messages, replay, watch (server-sent
// events), and the admin's preview, event and timer fire.
import { replay, sleep } from '../../runtime/index.ts';
import type { OpsContext } from '../context.ts';
import { OpsError, OpsErrorCodes } from '../errors.ts';
import { SECURITY_HEADERS } from '../http/respond.ts';
import type { ActorView, MessageView } from '../services/actor-reader.ts';
import { diff } from '../services/diff.ts';
import { basedOn, integer } from './params.ts';
import type { ApiCall } from './routes.ts';

export function actorJson(actor: ActorView, messages: readonly MessageView[]) {
  return {
    address: actor.address,
    kind: actor.kind.name,
    id: actor.id,
    version: actor.version,
    value: actor.record.snapshot.value,
    status: actor.record.snapshot.status,
    context: actor.record.snapshot.context,
    timers: Object.entries(actor.record.timers)
      .map(([id, timer]) => ({ id, event: timer.event, due: timer.due, seq: timer.seq }))
      .sort((a, b) => a.due - b.due),
    source: actor.source,
    snapshot: actor.stored,
    events: Object.keys(actor.kind.events),
    messages,
  };
}

async function mustRead(call: ApiCall): Promise<ActorView> {
  const actor = await call.ctx.reader.read(call.params.address!);
  if (!actor) throw new OpsError(OpsErrorCodes.NOT_FOUND, `${call.params.address} does not exist (yet)`);
  return actor;
}

export async function find({ ctx, query }: ApiCall) {
  const kind = query.get('kind') ?? undefined;
  if (kind && !ctx.kinds.names().includes(kind)) throw new OpsError(OpsErrorCodes.BAD_REQUEST, `no actor kind "${kind}" (known: ${ctx.kinds.names().join(', ')})`);
  const q = (query.get('q') ?? '').trim().slice(0, 200);
  const limit = integer(query.get('limit'), 'limit', 50);
  const found = await ctx.repo.findActors({ ...(kind ? { kind } : {}), query: q, limit });
  // An exact address is looked up live too: it may not have been written behind yet.
  const exact = q.includes(':') && !found.some((match) => match.address === q) ? await ctx.reader.read(q).catch(() => null) : null;
  const live = exact
    ? [{ address: exact.address, kind: exact.kind.name, version: exact.version, value: exact.record.snapshot.value, name: (exact.record.snapshot.context as { name?: string }).name ?? null, updatedAt: 0 }]
    : [];
  return { kinds: ctx.kinds.names(), actors: [...live, ...found] };
}

export async function show(call: ApiCall) {
  const actor = await mustRead(call);
  return actorJson(actor, await call.ctx.reader.messages(actor.address, 25));
}

export async function messages({ ctx, params, query }: ApiCall) {
  const before = query.get('before');
  const limit = Math.min(integer(query.get('limit'), 'limit', 50), 500);
  return { messages: await ctx.reader.messages(params.address!, limit, before ? integer(before, 'before') : undefined) };
}

/** The actor rebuilt from its message log at a version, with what that message changed. */
export function replayAt({ ctx, params, query }: ApiCall) {
  return replayData(ctx, params.address!, query.get('version'));
}

export async function replayData(ctx: OpsContext, address: string, versionParam: string | null) {
  const { kind, id } = ctx.reader.kindOf(address);
  const log = await ctx.reader.log(address);
  const newest = log.reduce((max, message) => Math.max(max, message.version), 0);
  const version = Math.min(integer(versionParam, 'version', newest), newest);
  let at, before;
  try {
    at = replay(kind, id, log, version);
    before = version > 0 ? replay(kind, id, log, version - 1) : null;
  } catch (error) {
    throw new OpsError(OpsErrorCodes.REFUSED, error instanceof Error ? error.message : String(error), { reason: (error as { code?: string }).code });
  }
  const message = log.find((entry) => entry.version === version);
  return {
    address,
    version,
    newest,
    value: at.record?.snapshot.value ?? null,
    context: at.record?.snapshot.context ?? null,
    timers: at.record?.timers ?? {},
    message: message ? { id: message.envelope.id, at: message.at, event: message.envelope.event, timer: message.envelope.timer ?? null, flags: message.flags ?? null } : null,
    changes: diff(before?.record?.snapshot.context ?? {}, at.record?.snapshot.context ?? {}),
    effects: at.last ? { sends: at.last.sends, emits: at.last.emits, notifies: at.last.notifies, records: at.last.records, arm: at.last.arm, cancel: at.last.cancel, reply: at.last.reply } : null,
  };
}

/** Server-sent events: `version` with the actor's version now and whenever it changes, until the client leaves. */
export async function watch({ ctx, params, request, response }: ApiCall): Promise<undefined> {
  const address = params.address!;
  ctx.reader.kindOf(address);
  response.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  response.write('retry: 1000\n\n');
  const gone = new AbortController();
  request.on('close', () => gone.abort());
  let last = -1;
  let beat = Date.now();
  while (!gone.signal.aborted && !response.destroyed) {
    try {
      const version = await ctx.reader.version(address);
      if (version !== last) {
        last = version;
        response.write(`event: version\ndata: ${JSON.stringify({ address, version })}\n\n`);
      } else if (Date.now() - beat > 15_000) {
        beat = Date.now();
        response.write(': still here\n\n');
      }
    } catch {
      response.write(`event: unavailable\ndata: {}\n\n`);
    }
    await sleep(ctx.watchIntervalMs, gone.signal);
  }
  response.end();
  return undefined;
}

export async function preview({ ctx, params, body }: ApiCall) {
  return ctx.admin.preview(params.address!, (body as { event?: unknown }).event);
}

export async function sendEvent({ ctx, caller, params, body }: ApiCall) {
  return ctx.admin.send(caller, params.address!, (body as { event?: unknown }).event, basedOn(body));
}

export async function fireTimer({ ctx, caller, params, body }: ApiCall) {
  return ctx.admin.fireTimer(caller, params.address!, params.timer!, basedOn(body));
}
