// discord.js interactions as the router's model: options flattened, the
// member's Manage Server permission read from the interaction, and a
// Responder that answers through discord.js (reply, deferReply, editReply,
// followUp, deleteReply, update, respond).
import { MessageFlags, PermissionFlagsBits, type AutocompleteInteraction, type ButtonInteraction, type ChatInputCommandInteraction, type CommandInteractionOption, type Interaction } from 'discord.js';
import type { Actor, Choice, Incoming, OptionValue, Reply, Responder } from '../types.ts';

function actorOf(interaction: Interaction): Actor {
  const permissions = interaction.memberPermissions;
  return {
    userId: interaction.user.id,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    canManageGuild: Boolean(permissions?.has(PermissionFlagsBits.ManageGuild)),
  };
}

/** Subcommand name and the leaf options, by name. User/channel options arrive as their ids. */
function flatten(options: readonly CommandInteractionOption[]): { subcommand: string | null; values: Record<string, OptionValue> } {
  const values: Record<string, OptionValue> = {};
  let subcommand: string | null = null;
  const walk = (list: readonly CommandInteractionOption[]): void => {
    for (const option of list) {
      if (option.options) {
        subcommand = option.name;
        walk(option.options);
      } else if (option.value !== undefined && option.value !== null) {
        values[option.name] = option.value;
      }
    }
  };
  walk(options);
  return { subcommand, values };
}

export function toIncoming(interaction: Interaction): Incoming | null {
  if (interaction.isChatInputCommand()) {
    const { subcommand, values } = flatten(interaction.options.data);
    return { kind: 'command', actor: actorOf(interaction), command: interaction.commandName, subcommand, options: values };
  }
  if (interaction.isAutocomplete()) {
    const { subcommand, values } = flatten(interaction.options.data);
    // A forged or malformed autocomplete may name no focused option; discord.js throws then.
    const focused = interaction.options.data.some(function hasFocus(option): boolean {
      return Boolean(option.focused) || (option.options ?? []).some(hasFocus);
    })
      ? interaction.options.getFocused(true)
      : { name: '', value: '' };
    return { kind: 'autocomplete', actor: actorOf(interaction), command: interaction.commandName, subcommand, options: values, focused: { name: focused.name, value: String(focused.value) } };
  }
  if (interaction.isButton()) return { kind: 'button', actor: actorOf(interaction), customId: interaction.customId };
  return null;
}

function payload(reply: Reply) {
  return {
    content: reply.content ?? '',
    embeds: [...(reply.embeds ?? [])],
    components: [...(reply.components ?? [])],
    allowedMentions: { parse: [] as never[] },
  };
}

export function responderFor(interaction: ChatInputCommandInteraction | ButtonInteraction | AutocompleteInteraction): Responder {
  const replying = interaction as ChatInputCommandInteraction | ButtonInteraction;
  return {
    async reply(reply) {
      await replying.reply({ ...payload(reply), ...(reply.ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
    },
    async update(reply) {
      if (!interaction.isButton()) throw new Error('only a button can update its message');
      await interaction.update(payload(reply));
    },
    async defer(ephemeral) {
      await replying.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    },
    async edit(reply) {
      await replying.editReply(payload(reply));
    },
    async followUp(reply) {
      await replying.followUp({ ...payload(reply), ...(reply.ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
    },
    async deleteOriginal() {
      await replying.deleteReply();
    },
    async choices(choices: readonly Choice[]) {
      if (!interaction.isAutocomplete()) throw new Error('only autocomplete answers with choices');
      await interaction.respond(choices.map((choice) => ({ name: choice.name, value: choice.value })));
    },
  };
}
