// The emulator's REST API (v10): the routes discord.js uses for a bot that
// answers interactions, posts to channels and DMs, and registers commands.
// Every request is recorded; faults (429 with retry_after, 5xx) are served on
// demand before the route runs.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorState } from './state.ts';
import { channelPayload } from './fixtures.ts';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly at: number;
  status: number;
}

export interface Fault {
  readonly method?: string;
  readonly path: RegExp;
  readonly status: number;
  /** Seconds, for a 429. */
  readonly retryAfter?: number;
  /** How many matching requests get the fault (default 1). */
  remaining: number;
}

function send(response: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): number {
  if (body === undefined) {
    response.writeHead(status, headers).end();
  } else {
    response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  }
  return status;
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  const type = request.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    // discord.js sends payload_json in a multipart body when files are attached; the bot sends none.
    const match = /name="payload_json"\r\n(?:[^\r\n]*\r\n)*\r\n([\s\S]*?)\r\n--/.exec(text);
    return match ? JSON.parse(match[1]!) : undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function handleRest(state: EmulatorState, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://emulator');
  const method = request.method ?? 'GET';
  const path = decodeURIComponent(url.pathname.replace(/^\/api(\/v\d+)?/, ''));
  const body = await readBody(request);
  const record: RecordedRequest = { method, path, body, at: Date.now(), status: 0 };
  state.requests.push(record);

  const fault = state.faults.find((candidate) => candidate.remaining > 0 && (!candidate.method || candidate.method === method) && candidate.path.test(path));
  if (fault) {
    fault.remaining -= 1;
    if (fault.status === 429) {
      const retryAfter = fault.retryAfter ?? 1;
      record.status = send(response, 429, { message: 'You are being rate limited.', retry_after: retryAfter, global: false }, {
        'retry-after': String(retryAfter),
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': String(retryAfter),
        'x-ratelimit-bucket': 'emulated',
        'x-ratelimit-scope': 'user',
      });
    } else {
      record.status = send(response, fault.status, { message: 'emulated failure', code: 0 });
    }
    state.changed();
    return;
  }

  const needsAuth = !path.startsWith('/interactions/') && !path.startsWith('/webhooks/');
  if (needsAuth && request.headers.authorization !== `Bot ${state.token}`) {
    record.status = send(response, 401, { message: '401: Unauthorized', code: 0 });
    return;
  }
  record.status = route(state, method, path, body, url, response);
  state.changed();
}

function route(state: EmulatorState, method: string, path: string, body: unknown, url: URL, response: ServerResponse): number {
  const parts = path.split('/').filter(Boolean);
  const data = (body ?? {}) as Record<string, unknown>;

  if (method === 'GET' && path === '/gateway/bot') {
    return send(response, 200, {
      url: state.wsUrl(),
      shards: state.recommendedShards,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 16 },
    });
  }
  if (method === 'GET' && path === '/gateway') return send(response, 200, { url: state.wsUrl() });
  if (method === 'GET' && path === '/users/@me') return send(response, 200, { ...state.botUser, discriminator: '0', avatar: null, bot: true });

  // /applications/:app/commands and /applications/:app/guilds/:guild/commands
  if (parts[0] === 'applications' && parts.at(-1) === 'commands') {
    const scope = parts[2] === 'guilds' ? `guild:${parts[3]}` : 'global';
    if (method === 'PUT') {
      const list = (Array.isArray(body) ? body : []) as Record<string, unknown>[];
      const stored = list.map((command) => ({ ...command, id: state.newId(), application_id: state.applicationId, version: state.newId() }));
      state.commands.set(scope, stored);
      return send(response, 200, stored);
    }
    if (method === 'GET') return send(response, 200, state.commands.get(scope) ?? []);
  }

  if (parts[0] === 'interactions' && parts[3] === 'callback' && method === 'POST') {
    const interaction = state.interactionByToken(parts[2]!);
    if (!interaction || interaction.id !== parts[1]) return send(response, 404, { message: 'Unknown interaction', code: 10062 });
    if (interaction.callback) return send(response, 400, { message: 'Interaction has already been acknowledged.', code: 40060 });
    const type = Number(data.type);
    interaction.callback = { type, data: data.data, at: Date.now() };
    if (type === 4 || type === 7) {
      const message = interaction.type === 3 && type === 7 && interaction.message ? state.updateMessage(interaction.message.id, (data.data ?? {}) as Record<string, unknown>) : state.interactionMessage(interaction, (data.data ?? {}) as Record<string, unknown>);
      interaction.original = message ?? null;
    }
    if (type === 5) interaction.original = state.interactionMessage(interaction, { content: '', flags: Number((data.data as { flags?: number } | undefined)?.flags ?? 0) | 128 });
    if (url.searchParams.get('with_response') === 'true') {
      return send(response, 200, { interaction: { id: interaction.id, type: interaction.type }, resource: interaction.original ? { type, message: interaction.original } : { type } });
    }
    return send(response, 204);
  }

  if (parts[0] === 'webhooks' && parts[1] === state.applicationId) {
    const interaction = state.interactionByToken(parts[2]!);
    if (!interaction) return send(response, 404, { message: 'Unknown Webhook', code: 10015 });
    if (Date.now() - interaction.createdAt > state.tokenLifetimeMs) return send(response, 401, { message: 'Invalid Webhook Token', code: 50027 });
    const target = parts[4];
    if (parts.length === 3 && method === 'POST') {
      const message = state.interactionMessage(interaction, data);
      interaction.followUps.push(message);
      return send(response, 200, message);
    }
    if (parts[3] === 'messages' && target) {
      const message = target === '@original' ? interaction.original : interaction.followUps.find((m) => m.id === target);
      if (!message) return send(response, 404, { message: 'Unknown Message', code: 10008 });
      if (method === 'GET') return send(response, 200, message);
      if (method === 'PATCH') {
        const updated = state.updateMessage(message.id, data);
        if (target === '@original' && updated) {
          interaction.original = updated;
          interaction.edits += 1;
        }
        return send(response, 200, updated);
      }
      if (method === 'DELETE') {
        state.deleteMessage(message.id);
        if (target === '@original') interaction.originalDeleted = true;
        return send(response, 204);
      }
    }
  }

  if (parts[0] === 'channels' && parts[2] === 'messages') {
    const channel = state.channel(parts[1]!);
    if (!channel) return send(response, 404, { message: 'Unknown Channel', code: 10003 });
    if (method === 'POST' && parts.length === 3) {
      const { message, created } = state.postMessage(channel.id, data);
      if (!created) state.nonceHits += 1;
      return send(response, 200, message);
    }
    if (method === 'PATCH' && parts[3]) {
      const updated = state.updateMessage(parts[3], data);
      return updated ? send(response, 200, updated) : send(response, 404, { message: 'Unknown Message', code: 10008 });
    }
  }

  if (method === 'POST' && path === '/users/@me/channels') {
    const recipient = String(data.recipient_id ?? '');
    if (!state.users.has(recipient)) return send(response, 400, { message: 'Invalid Form Body', code: 50035 });
    return send(response, 200, channelPayload(state.dmChannel(recipient)));
  }

  return send(response, 404, { message: `404: Not Found (${method} ${path})`, code: 0 });
}
