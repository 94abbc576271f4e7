// A Responder that records what the router answers, for the play page: the
// same calls discord.js would make, turned into the message the player sees.
import type { Choice, Reply, Responder } from '../types.ts';

export interface PlayAnswer {
  /** What the player sees in the end (null for autocomplete). */
  reply: Reply | null;
  /** The button's message was replaced rather than answered. */
  updated: boolean;
  /** The answer was deferred ("is thinking…") and edited later. */
  deferred: boolean;
  choices: readonly Choice[];
}

export function recordingResponder(): { responder: Responder; answer: PlayAnswer } {
  const answer: PlayAnswer = { reply: null, updated: false, deferred: false, choices: [] };
  let deferredEphemeral = false;
  const responder: Responder = {
    async reply(reply) {
      answer.reply = reply;
    },
    async update(reply) {
      answer.reply = reply;
      answer.updated = true;
    },
    async defer(ephemeral) {
      answer.deferred = true;
      deferredEphemeral = ephemeral;
    },
    async edit(reply) {
      answer.reply = { ...reply, ephemeral: deferredEphemeral };
    },
    async followUp(reply) {
      answer.reply = reply;
    },
    async deleteOriginal() {
      answer.reply = null;
    },
    async choices(choices) {
      answer.choices = choices;
    },
  };
  return { responder, answer };
}
