// The bot's own model of an interaction, independent of discord.js: the same
// router serves Discord (bot/discord/) and the local play page (bot/play/).
// Replies are Discord's JSON shapes, so both render the same embeds and buttons.
import type { APIActionRowComponent, APIButtonComponent, APIEmbed, RESTPostAPIChatInputApplicationCommandsJSONBody, SlashCommandBuilder, SlashCommandOptionsOnlyBuilder, SlashCommandSubcommandsOnlyBuilder } from 'discord.js';

export type OptionValue = string | number | boolean;

/** Who acts, where. */
export interface Actor {
  readonly userId: string;
  /** The guild the interaction came from; null in a DM. */
  readonly guildId: string | null;
  readonly channelId: string | null;
  /** The member holds Discord's Manage Server (or Administrator) permission in this guild. */
  readonly canManageGuild: boolean;
}

export interface CommandInput {
  readonly kind: 'command';
  readonly actor: Actor;
  readonly command: string;
  readonly subcommand: string | null;
  readonly options: Readonly<Record<string, OptionValue>>;
}

export interface ButtonInput {
  readonly kind: 'button';
  readonly actor: Actor;
  readonly customId: string;
}

export interface AutocompleteInput {
  readonly kind: 'autocomplete';
  readonly actor: Actor;
  readonly command: string;
  readonly subcommand: string | null;
  readonly options: Readonly<Record<string, OptionValue>>;
  /** The option being typed and what has been typed so far. */
  readonly focused: { readonly name: string; readonly value: string };
}

export type Incoming = CommandInput | ButtonInput | AutocompleteInput;

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

/** What the bot answers: Discord's message JSON plus whether only the player sees it. */
export interface Reply {
  readonly content?: string;
  readonly embeds?: readonly APIEmbed[];
  readonly components?: readonly ButtonRow[];
  readonly ephemeral?: boolean;
}

export interface Choice {
  readonly name: string;
  readonly value: string;
}

/**
 * How a platform answers one interaction. The router calls, in order: `reply`
 * (or `update` for a button that replaces its message), or `defer` then
 * `edit` — or, when the deferred answer turns out private, `deleteOriginal`
 * then `followUp`; `choices` for autocomplete.
 */
export interface Responder {
  reply(reply: Reply): Promise<void>;
  update(reply: Reply): Promise<void>;
  defer(ephemeral: boolean): Promise<void>;
  edit(reply: Reply): Promise<void>;
  followUp(reply: Reply): Promise<void>;
  deleteOriginal(): Promise<void>;
  choices(choices: readonly Choice[]): Promise<void>;
}

/** Who may run a subcommand, checked by the router before the game is asked. */
export type Permission = 'anyone' | 'manageGuild' | 'botAdmin';

export type CommandData = SlashCommandBuilder | SlashCommandOptionsOnlyBuilder | SlashCommandSubcommandsOnlyBuilder;

export interface CommandModule<Context = unknown> {
  readonly data: CommandData;
  /** Per subcommand (or '' for a command without subcommands); default 'anyone'. */
  readonly permissions?: Readonly<Record<string, Permission>>;
  /** Subcommands whose answer only the player should see (deferred privately). */
  readonly privateSubcommands?: readonly string[];
  execute(context: Context, input: CommandInput): Promise<Reply>;
  autocomplete?(context: Context, input: AutocompleteInput): Promise<readonly Choice[]>;
}

export type CommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;
