// PostgreSQL stopped under the processes that read it at the edges: a bot
// (autocomplete reads actor_state, moderation its bans), a gateway (a
// private room checks its link against the revocations) and a runtime node
// (write-behind; its own outage is the chaos suite's `pg-restart`). While it is
// down they answer what they can and refuse the rest cleanly; none dies, each
// writes only JSON log lines, and all serve again once it is back. The
// PostgreSQL stopped is a private cluster this test creates; Redis is the
// machine's, under a fresh key prefix.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { signToken } from '../../realtime/tokens.ts';
import { DiscordEmulator, Permission } from '../support/discord-emulator/index.ts';
import { connected, join, socketTo } from '../support/gateway-harness.ts';
import { dropKeys } from '../support/ops-process.ts';
import { createPrivatePostgres, privatePostgresAvailable } from '../support/private-postgres.ts';
import { freePort, redisAvailable, redisUrl, underCI, uniqueName } from '../support/services.ts';
import { nonJsonLines } from '../support/captured-log.ts';
import { answering, pollUntil } from '../support/poll.ts';
import { startRole } from '../support/role-process.ts';

const SECRET = 'e2e-secret-of-at-least-32-characters!!';

if (!privatePostgresAvailable()) {
  if (underCI) throw new Error('initdb and pg_ctl (PostgreSQL 15) are required under CI for the PostgreSQL outage test');
  process.stdout.write('\n!!! SKIPPING the PostgreSQL outage test: no /usr/lib/postgresql/15/bin/initdb !!!\n\n');
} else if (await redisAvailable()) {
  test('a bot, a gateway and a runtime node ride out a PostgreSQL outage and serve again', async () => {
    const pg = await createPrivatePostgres();
    const emulator = await DiscordEmulator.start({});
    const schema = uniqueName('pgout');
    const common = { REDIS_URL: redisUrl, DATABASE_URL: pg.url, DATABASE_SCHEMA: schema, KEY_PREFIX: `${schema}:`, SHARDS: '8', LOG_LEVEL: 'info', GATEWAY_TOKEN_SECRET: SECRET };
    const [gatewayPort, runtimePort] = [await freePort(), await freePort()];
    const roles = {
      runtime: startRole('runtime', { ...common, PORT: String(runtimePort), NODE_ID: 'rt-pgout' }),
      bot: startRole('bot', { ...common, PORT: String(await freePort()), DISCORD_TOKEN: emulator.token, DISCORD_API_URL: emulator.apiUrl }),
      gateway: startRole('gateway', { ...common, PORT: String(gatewayPort), NODE_ID: 'gw-pgout' }),
    };
    const outputs = (): string => Object.entries(roles).map(([name, role]) => `--- ${name}\n${role.output()}`).join('\n');
    const gateway = `http://127.0.0.1:${gatewayPort}`;
    try {
      await emulator.waitFor(() => emulator.gateway.sessions.size === 1, 60_000, 'the bot on the gateway').catch((error: Error) => {
        throw new Error(`${error.message}\n${outputs()}`);
      });
      await answering(`${gateway}/healthz`, { withinMs: 30_000, context: outputs });
      await answering(`http://127.0.0.1:${runtimePort}/readyz`, { withinMs: 30_000, context: outputs });
      const owner = emulator.addUser('owner');
      const home = emulator.addGuild('Quarry', owner);
      const rival = emulator.addGuild('Basalt', owner);
      await new Promise((resolve) => setTimeout(resolve, 200)); // GUILD_CREATE reaches the bot first
      for (const [guild, name] of [[home, 'Quarry'], [rival, 'Basalt']] as const) {
        const answer = await emulator.answer(emulator.command({ guild, user: owner, command: 'nation', subcommand: 'register', options: { name }, permissions: Permission.ManageGuild }), 20_000);
        assert.match(String(answer.embeds[0]?.title), `The nation of ${name} is founded`);
      }
      const offered = () => emulator.autocomplete({ guild: home, user: owner, command: 'war', subcommand: 'declare', options: { target: 'bas' }, focused: 'target' });
      // actor_state is written behind: Basalt is offered once it got there.
      await pollUntil('Basalt offered to Quarry', async () => (await offered()).some((choice) => choice.name.includes('Basalt')), { withinMs: 10_000, context: outputs });
      const nation = `nation:${home.id}`;
      const token = signToken(SECRET, { nation, expiresAt: Date.now() + 600_000, issuedAt: Date.now() });

      pg.stop();
      // Down: a command that needs only the live state still answers; autocomplete offers nothing
      // rather than failing the interaction; an overlay's private room stays open.
      const info = await emulator.answer(emulator.command({ guild: home, user: owner, command: 'nation', subcommand: 'info', options: {} }), 20_000);
      assert.match(JSON.stringify(info.embeds), 'Quarry', '/nation info from the live state');
      assert.equal(await offered(), [], 'autocomplete answers, with no choices');
      const socket = socketTo(gateway);
      await connected(socket);
      const answer = await join<{ ok: boolean }>(socket, { room: `nation:${home.id}`, token });
      socket.disconnect();
      // Revocations cannot be read: a signed, unexpired link stays good (realtime/revoked-links.ts).
      assert.ok(answer.ok, `the private room, by the link's expiry alone: ${JSON.stringify(answer)}`);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      for (const [name, role] of Object.entries(roles)) assert.is(role.child.exitCode, null, `${name} lives through the outage:\n${role.output()}`);

      pg.start();
      await pollUntil('Basalt offered again', async () => (await offered()).some((choice) => choice.name.includes('Basalt')), { withinMs: 30_000, context: outputs });
      const back = socketTo(gateway);
      try {
        await connected(back);
        const rejoined = await join<{ ok: boolean }>(back, { room: `nation:${home.id}`, token });
        assert.ok(rejoined.ok, `the private room once PostgreSQL is back: ${JSON.stringify(rejoined)}`);
      } finally {
        back.disconnect();
      }
      for (const [name, role] of Object.entries(roles)) {
        assert.equal(nonJsonLines(role.output()), [], `every line ${name} wrote is a JSON log line`);
      }
    } finally {
      await Promise.all(Object.values(roles).map((role) => role.stop()));
      await emulator.close();
      pg.remove();
      await dropKeys(`${schema}:`);
    }
  });
}

test.run();
