// Every interaction — from Discord or the play page — goes through here, in
// this order: bans (before anything else), rate limits, the command and its
// options, who may run it, then the game. The 3-second rule: the answer is
// sent directly when it is ready within `deferAfterMs`; otherwise the
// interaction is deferred at once and the reply edited when the game
// answers, so no interaction expires unanswered. A timeout says so.
import type { Logger } from 'pino';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { BotContext, BotCommand } from './context.ts';
import { fitReply, plain } from './embeds.ts';
import { BotError, BotErrorCodes } from './errors.ts';
import { GameRefusal } from './game.ts';
import { handleButton } from './button-handlers.ts';
import { validateOptions } from './options.ts';
import type { CommandLimiter } from './rate-limit.ts';
import { errorReply, errorToReply, refusalText } from './replies.ts';
import type { AutocompleteInput, ButtonInput, CommandInput, Incoming, Permission, Reply, Responder } from './types.ts';

export interface RouterOptions {
  readonly commands: readonly BotCommand[];
  readonly context: BotContext;
  readonly limiter: CommandLimiter;
  readonly logger: Logger;
  /** Answer directly when ready within this; defer otherwise (Discord allows 3 s in all). */
  readonly deferAfterMs: number;
  /** Autocomplete cannot be deferred: an answer not ready by then is an empty list. */
  readonly autocompleteTimeoutMs?: number;
  readonly registry?: Registry;
}

const LATE = Symbol('late');

function wait(ms: number): { promise: Promise<typeof LATE>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<typeof LATE>((resolve) => (timer = setTimeout(() => resolve(LATE), ms)));
  return { promise, cancel: () => clearTimeout(timer) };
}

/** A failure of any kind, as what the player reads. */
function toReply(error: unknown): Reply {
  if (error instanceof GameRefusal) return errorReply(refusalText(error.code, error.message));
  return errorToReply(error);
}

export class Router {
  readonly #options: RouterOptions;
  readonly #commands: Map<string, BotCommand>;
  /** Each command's JSON, built once: the definition its options are checked against. */
  readonly #json: Map<string, ReturnType<BotCommand['data']['toJSON']>>;
  readonly #handled: Counter;
  readonly #latency: Histogram;

  constructor(options: RouterOptions) {
    this.#options = options;
    this.#commands = new Map(options.commands.map((command) => [command.data.name, command]));
    this.#json = new Map(options.commands.map((command) => [command.data.name, command.data.toJSON()]));
    const registers = options.registry ? [options.registry] : [];
    this.#handled = new Counter({ name: 'bot_interactions_total', help: 'Interactions handled, by kind and outcome', labelNames: ['kind', 'outcome'], registers });
    this.#latency = new Histogram({
      name: 'bot_interaction_seconds',
      help: 'From receipt to the answer being sent',
      labelNames: ['kind', 'deferred'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
  }

  get commands(): readonly BotCommand[] {
    return this.#options.commands;
  }

  /** Handles one interaction; never throws (a failure to answer is logged). */
  async handle(input: Incoming, responder: Responder): Promise<void> {
    const started = performance.now();
    let outcome = 'ok';
    let deferred = false;
    try {
      if (input.kind === 'autocomplete') {
        await this.#autocomplete(input, responder);
        return;
      }
      const refused = await this.#gate(input);
      if (refused) {
        outcome = 'refused';
        await responder.reply(refused);
        return;
      }
      const result = input.kind === 'command' ? await this.#command(input, responder) : await this.#button(input, responder);
      deferred = result.deferred;
      outcome = result.ok ? 'ok' : 'refused';
    } catch (error) {
      outcome = 'failed';
      this.#options.logger.error({ err: error, kind: input.kind, user: input.actor.userId, guild: input.actor.guildId }, 'could not answer an interaction');
    } finally {
      this.#handled.inc({ kind: input.kind, outcome });
      this.#latency.observe({ kind: input.kind, deferred: String(deferred) }, (performance.now() - started) / 1000);
    }
  }

  /** Bans first, then the rate limits; a refusal to send, or null to go on. */
  async #gate(input: CommandInput | ButtonInput): Promise<Reply | null> {
    const { userId, guildId } = input.actor;
    const ban = this.#options.context.moderation.banned(userId, guildId);
    if (ban) {
      return errorReply(
        ban.type === 'user'
          ? 'You are banned from Server Wars. If you think this is a mistake, contact the bot’s admins.'
          : 'This server is banned from Server Wars. Its admins can contact the bot’s admins.',
      );
    }
    const decision = await this.#options.limiter.consume(userId, guildId);
    if (!decision.ok) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      return errorReply(
        decision.scope === 'user'
          ? `You are sending commands too fast. Try again in ${seconds} second(s).`
          : `Your nation is sending commands too fast. Try again in ${seconds} second(s).`,
      );
    }
    return null;
  }

  #allowed(permission: Permission, input: CommandInput): string | null {
    if (permission === 'manageGuild' && !input.actor.canManageGuild) return 'You need the Manage Server permission in this server to do that.';
    if (permission === 'botAdmin' && !this.#options.context.botAdmins.has(input.actor.userId)) return 'Only the bot’s admins can do that.';
    return null;
  }

  async #command(input: CommandInput, responder: Responder): Promise<{ ok: boolean; deferred: boolean }> {
    const command = this.#commands.get(input.command);
    if (!command) {
      await responder.reply(errorReply(`There is no /${plain(input.command)} command. Type /help to see them all.`));
      return { ok: false, deferred: false };
    }
    let checked: CommandInput;
    try {
      if (!input.actor.guildId) throw new BotError(BotErrorCodes.GUILD_ONLY, 'Server Wars is played in servers. Run this command in a server’s channel.');
      const options = validateOptions(this.#json.get(input.command)!, input.subcommand, input.options);
      const denied = this.#allowed(command.permissions?.[input.subcommand ?? ''] ?? 'anyone', input);
      if (denied) throw new BotError(BotErrorCodes.NOT_ALLOWED, denied);
      checked = { ...input, options };
    } catch (error) {
      await responder.reply(toReply(error));
      return { ok: false, deferred: false };
    }
    const privately = command.privateSubcommands?.includes(input.subcommand ?? '') ?? false;
    return this.#answer(
      command.execute(this.#options.context, checked),
      responder,
      privately,
    );
  }

  async #button(input: ButtonInput, responder: Responder): Promise<{ ok: boolean; deferred: boolean }> {
    let mode: 'reply' | 'update' = 'reply';
    const work = handleButton(this.#options.context, input).then((outcome) => {
      mode = outcome.mode;
      return outcome.reply;
    });
    return this.#answer(work, responder, false, () => mode);
  }

  /** The 3-second rule. */
  async #answer(work: Promise<Reply>, responder: Responder, privately: boolean, mode: () => 'reply' | 'update' = () => 'reply'): Promise<{ ok: boolean; deferred: boolean }> {
    let ok = true;
    const settled = work.catch((error: unknown) => {
      ok = false;
      if (!(error instanceof GameRefusal) && !(error instanceof BotError)) {
        this.#options.logger.warn({ err: error }, 'command failed');
      }
      return toReply(error);
    });
    const timer = wait(this.#options.deferAfterMs);
    const early = await Promise.race([settled, timer.promise]);
    timer.cancel();
    if (early !== LATE) {
      const reply = fitReply(early);
      if (mode() === 'update' && ok) await responder.update(reply);
      else await responder.reply(reply);
      return { ok, deferred: false };
    }
    await responder.defer(privately);
    const reply = fitReply(await settled);
    if (reply.ephemeral && !privately) {
      // A deferral's visibility is fixed; a private answer to a public one replaces it.
      await responder.deleteOriginal();
      await responder.followUp(reply);
    } else {
      await responder.edit(reply);
    }
    return { ok, deferred: true };
  }

  async #autocomplete(input: AutocompleteInput, responder: Responder): Promise<void> {
    const command = this.#commands.get(input.command);
    if (!command?.autocomplete || !input.focused.name || this.#options.context.moderation.banned(input.actor.userId, input.actor.guildId)) {
      await responder.choices([]);
      return;
    }
    const timer = wait(this.#options.autocompleteTimeoutMs ?? 2_000);
    const choices = await Promise.race([command.autocomplete(this.#options.context, input).catch(() => []), timer.promise]);
    timer.cancel();
    await responder.choices(choices === LATE ? [] : choices.slice(0, 25));
  }
}
