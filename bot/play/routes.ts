// /play: the local play page of the embedded mode (DESIGN §9). A person
// without Discord picks a pretend guild and user and runs the very same
// commands through the very same router as Discord's interactions; replies,
// embeds and buttons render as Discord would show them. The JSON API under
// /play/api is what the page calls. It lets anyone act as anyone, so it is
// only mounted in the embedded mode (loopback by default).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Router } from '../router.ts';
import type { Incoming, OptionValue } from '../types.ts';
import { PLAY_HEADERS, playPage } from './page.ts';
import { recordingResponder } from './responder.ts';
import type { PlayWorld } from './world.ts';

const MAX_BODY = 64 * 1024;

function json(response: ServerResponse, status: number, body: unknown): true {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  return true;
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  const value = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('expected a JSON object');
  return value as Record<string, unknown>;
}

/**
 * Why a POST must be refused, or null. The API lets anyone act as anyone, so
 * another site must not drive it from a visitor's browser: a cross-site form
 * or `text/plain` fetch needs no CORS preflight, hence JSON only, and an
 * Origin, when the browser sends one, must be this very host.
 */
function crossSiteRefusal(request: IncomingMessage): { status: number; error: string } | null {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return { status: 415, error: 'Send the request body as JSON, with the header content-type: application/json.' };
  const origin = request.headers.origin;
  if (origin === undefined) return null;
  let host: string | null;
  try {
    host = new URL(origin).host;
  } catch {
    host = null;
  }
  if (host === null || host !== request.headers.host) return { status: 403, error: `Requests from another site (${origin}) are refused: use the /play page of this server.` };
  return null;
}

function optionValues(value: unknown): Record<string, OptionValue> {
  const result: Record<string, OptionValue> = {};
  if (typeof value !== 'object' || value === null) return result;
  for (const [key, raw] of Object.entries(value)) {
    if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') result[key] = raw;
  }
  return result;
}

export function playRoutes(world: PlayWorld, router: Router, commandsJson: () => unknown[]) {
  return async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> => {
    const path = url.pathname;
    if (path === '/play' || path === '/play/') {
      response.writeHead(200, { ...PLAY_HEADERS, 'content-type': 'text/html; charset=utf-8' }).end(playPage());
      return true;
    }
    if (request.method === 'POST' && path.startsWith('/play/api/')) {
      const refused = crossSiteRefusal(request);
      if (refused) return json(response, refused.status, { error: refused.error });
    }
    try {
      if (request.method === 'GET' && path === '/play/api/world') {
        return json(response, 200, { guilds: [...world.guilds.values()], users: [...world.users.values()] });
      }
      if (request.method === 'GET' && path === '/play/api/commands') return json(response, 200, commandsJson());
      if (request.method === 'GET' && path === '/play/api/messages') {
        const channel = url.searchParams.get('channel') ?? '';
        return json(response, 200, world.messages(channel, Number(url.searchParams.get('after') ?? 0)));
      }
      if (request.method === 'POST' && path === '/play/api/users') {
        const body = await readJson(request);
        const name = String(body.name ?? '').trim();
        if (!name) return json(response, 400, { error: 'Give the user a name.' });
        return json(response, 200, world.addUser(name));
      }
      if (request.method === 'POST' && path === '/play/api/guilds') {
        const body = await readJson(request);
        const name = String(body.name ?? '').trim();
        const owner = String(body.ownerId ?? '');
        if (!name || !world.users.has(owner)) return json(response, 400, { error: 'Give the server a name and pick its owner.' });
        return json(response, 200, world.addGuild(name, owner));
      }
      if (request.method === 'POST' && path === '/play/api/interact') {
        const body = await readJson(request);
        const guild = world.guilds.get(String(body.guildId ?? ''));
        const user = world.users.get(String(body.userId ?? ''));
        if (!guild || !user) return json(response, 400, { error: 'Pick a server and a user first.' });
        const actor = {
          userId: user.id,
          guildId: guild.id,
          channelId: guild.channelId,
          canManageGuild: body.manageGuild === true || (body.manageGuild === undefined && guild.ownerId === user.id),
        };
        let incoming: Incoming;
        if (body.kind === 'button') {
          incoming = { kind: 'button', actor, customId: String(body.customId ?? '') };
        } else {
          const invocation = {
            actor,
            command: String(body.command ?? ''),
            subcommand: typeof body.subcommand === 'string' && body.subcommand ? body.subcommand : null,
            options: optionValues(body.options),
          };
          const focused = (body.focused ?? {}) as { name?: unknown; value?: unknown };
          incoming =
            body.kind === 'autocomplete'
              ? { kind: 'autocomplete', ...invocation, focused: { name: String(focused.name ?? ''), value: String(focused.value ?? '') } }
              : { kind: 'command', ...invocation };
        }
        const { responder, answer } = recordingResponder();
        await router.handle(incoming, responder);
        return json(response, 200, answer);
      }
    } catch (error) {
      return json(response, 400, { error: error instanceof Error ? error.message : String(error) });
    }
    return false;
  };
}
