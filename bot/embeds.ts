// Discord's message limits, and the functions that keep every reply within
// them: each part of an embed clamped, at most 25 fields, at most 10 embeds
// and 6,000 characters across a message's embeds, content within 2,000.
// Long lists are paged (pageOf) instead of cut where the player would lose
// information; clamping is the last line of defence. Pure.
import { escapeMarkdown, type APIEmbed } from 'discord.js';
import type { Reply } from './types.ts';

export const DISCORD_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  /** Across every embed of one message. */
  total: 6000,
  embeds: 10,
  content: 2000,
} as const;

export const Colors = {
  info: 0x2f6fde,
  success: 0x2e9d5b,
  warning: 0xd9822b,
  danger: 0xc0392b,
  neutral: 0x6b7385,
} as const;

export function clamp(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1)}…`;
}

/** Characters Discord counts towards the 6,000 limit. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

/** The embed with every part within its own limit. */
export function fitEmbed(embed: APIEmbed): APIEmbed {
  const fitted: APIEmbed = { ...embed };
  if (embed.title !== undefined) fitted.title = clamp(embed.title, DISCORD_LIMITS.title);
  if (embed.description !== undefined) fitted.description = clamp(embed.description, DISCORD_LIMITS.description);
  if (embed.footer) fitted.footer = { ...embed.footer, text: clamp(embed.footer.text, DISCORD_LIMITS.footer) };
  if (embed.author) fitted.author = { ...embed.author, name: clamp(embed.author.name, DISCORD_LIMITS.author) };
  if (embed.fields) {
    fitted.fields = embed.fields.slice(0, DISCORD_LIMITS.fields).map((field) => ({
      ...field,
      name: clamp(field.name || '\u200b', DISCORD_LIMITS.fieldName),
      value: clamp(field.value || '\u200b', DISCORD_LIMITS.fieldValue),
    }));
  }
  return fitted;
}

/** Shrinks an embed until it fits `budget` characters: the description first, then the last fields. */
function shrink(embed: APIEmbed, budget: number): APIEmbed {
  let current = embed;
  let over = embedLength(current) - budget;
  if (over > 0 && current.description) {
    current = { ...current, description: clamp(current.description, Math.max(1, current.description.length - over)) };
    over = embedLength(current) - budget;
  }
  while (over > 0 && current.fields && current.fields.length > 0) {
    current = { ...current, fields: current.fields.slice(0, -1) };
    over = embedLength(current) - budget;
  }
  if (over > 0 && current.title) current = { ...current, title: clamp(current.title, Math.max(1, current.title.length - over)) };
  return current;
}

/** A reply Discord will accept: every embed fitted, ≤ 10 embeds, ≤ 6,000 characters across them, content ≤ 2,000. */
export function fitReply(reply: Reply): Reply {
  const embeds: APIEmbed[] = [];
  let budget: number = DISCORD_LIMITS.total;
  for (const embed of (reply.embeds ?? []).slice(0, DISCORD_LIMITS.embeds)) {
    if (budget <= 0) break;
    const fitted = shrink(fitEmbed(embed), budget);
    budget -= embedLength(fitted);
    embeds.push(fitted);
  }
  return {
    ...reply,
    ...(reply.content !== undefined ? { content: clamp(reply.content, DISCORD_LIMITS.content) } : {}),
    ...(reply.embeds ? { embeds } : {}),
  };
}

export interface Page<T> {
  readonly items: readonly T[];
  /** 0-based, clamped into range. */
  readonly page: number;
  readonly pages: number;
}

export function pageOf<T>(items: readonly T[], page: number, perPage: number): Page<T> {
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const current = Math.min(Math.max(0, Math.trunc(page)), pages - 1);
  return { items: items.slice(current * perPage, (current + 1) * perPage), page: current, pages };
}

/** A whole number for players: 12,345. */
export function num(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Discord's own timestamp markup: each player sees it in their time zone. */
export function when(at: number, style: 'R' | 'f' = 'R'): string {
  return `<t:${Math.floor(at / 1000)}:${style}>`;
}

/**
 * Text a player typed (a nation, alliance or server name, a war reason) as
 * literal text inside a message the bot composes: no bold, links, code,
 * spoilers, headings or quotes of its own, and no mention, channel,
 * timestamp or emoji markup. Discord (and the /play page) hide a backslash
 * before punctuation, so the player sees exactly what was typed. Never apply
 * it to the bot's own markup, and not to embed footers or author names:
 * Discord renders no markdown there, so the backslashes would show.
 */
export function plain(text: string): string {
  return (
    // Not `maskedLink`: it escapes only a whole `[…](…)` on one line, and
    // escaping it again below would turn its `\[` into an escaped backslash.
    escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true })
      // Every bracket, so no masked link can form, whatever surrounds the text.
      .replace(/[[\]]/g, '\\$&')
      // <@user>, <#channel>, <t:…>, <:emoji:…>, </command:…>, <https://…>: all start with `<`.
      .replace(/</g, '\\<')
      // Block quotes and subtext (`-# `) at the start of a line.
      .replace(/^(\s*)(>|-#)/gm, '$1\\$2')
  );
}
