// Replies stay within Discord's embed limits, whatever the content: each part
// clamped, ≤ 25 fields, ≤ 10 embeds, ≤ 6,000 characters across a message.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import type { APIEmbed } from 'discord.js';
import { DISCORD_LIMITS, embedLength, fitReply, pageOf, plain } from '../../../bot/index.ts';

const text = (max: number) => fc.string({ maxLength: max });
const embed: fc.Arbitrary<APIEmbed> = fc.record(
  {
    title: text(400),
    description: text(6000),
    footer: fc.record({ text: text(3000) }),
    author: fc.record({ name: text(400) }),
    fields: fc.array(fc.record({ name: text(400), value: text(1500), inline: fc.boolean() }), { maxLength: 40 }),
  },
  { requiredKeys: [] },
);

test('fitReply keeps any reply within every limit', () => {
  fc.assert(
    fc.property(fc.array(embed, { maxLength: 14 }), text(3000), (embeds, content) => {
      const fitted = fitReply({ content, embeds });
      const out = fitted.embeds ?? [];
      assert.ok(out.length <= DISCORD_LIMITS.embeds);
      assert.ok((fitted.content ?? '').length <= DISCORD_LIMITS.content);
      assert.ok(out.reduce((sum, e) => sum + embedLength(e), 0) <= DISCORD_LIMITS.total);
      for (const e of out) {
        assert.ok((e.title?.length ?? 0) <= DISCORD_LIMITS.title);
        assert.ok((e.description?.length ?? 0) <= DISCORD_LIMITS.description);
        assert.ok((e.footer?.text.length ?? 0) <= DISCORD_LIMITS.footer);
        assert.ok((e.author?.name.length ?? 0) <= DISCORD_LIMITS.author);
        assert.ok((e.fields?.length ?? 0) <= DISCORD_LIMITS.fields);
        for (const f of e.fields ?? []) {
          assert.ok(f.name.length >= 1 && f.name.length <= DISCORD_LIMITS.fieldName);
          assert.ok(f.value.length >= 1 && f.value.length <= DISCORD_LIMITS.fieldValue);
        }
      }
    }),
    { numRuns: 200 },
  );
});

test('a reply already within the limits is left as it is', () => {
  const reply = { content: 'hi', embeds: [{ title: 't', description: 'd', fields: [{ name: 'a', value: 'b' }] }] };
  assert.equal(fitReply(reply), reply);
});

test('pageOf splits long lists and clamps the page', () => {
  const items = Array.from({ length: 23 }, (_, i) => i);
  assert.equal(pageOf(items, 0, 10), { items: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], page: 0, pages: 3 });
  assert.equal(pageOf(items, 9, 10).items, [20, 21, 22]);
  assert.is(pageOf([], 3, 10).pages, 1);
});

/** What Discord reads once it has consumed the escapes: a backslash before punctuation shows that character as text. */
const shown = (text: string): string => text.replace(/\\([^0-9A-Za-z\s])/g, '$1');
/** The markup still active: the text with every escaped character as a plain letter. */
const active = (text: string): string => text.replace(/\\[^0-9A-Za-z\s]/g, 'x');

test('plain() leaves none of a player’s markup active', () => {
  const hostile = [
    '[🎁 Claim free Nitro](https://evil.example/login)',
    '**bold** *it* __under__ ~~strike~~ ||spoiler|| `code` ```block```',
    '<@123> <@&5> <#9> <t:1:R> <:nitro:1> </cmd:1> <https://evil.example>',
    '> quote\n# heading\n-# subtext\n- item\n1. item',
  ];
  for (const text of hostile) {
    const left = active(plain(text));
    assert.not.match(left, /[[\]<*_~|`]|^\s*(>|#|-|\d+\.)/m, `${JSON.stringify(text)} leaves ${JSON.stringify(left)}`);
  }
});

test('plain() text shows exactly as typed', () => {
  fc.assert(fc.property(fc.string({ maxLength: 80 }), (text) => shown(plain(text)) === text), { numRuns: 500 });
  assert.is(plain('Rome'), 'Rome');
});

test.run();
