import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../../../config/index.ts';

const shippedDir = fileURLToPath(new URL('../../../config/', import.meta.url));

/** Copies the shipped YAML into a fresh folder, lets `edit` break it, loads it and returns the error. */
function errorFrom(edit: (dir: string) => void, env: Record<string, string> = {}): ConfigError {
  const dir = mkdtempSync(join(tmpdir(), 'sw-config-'));
  try {
    for (const name of readdirSync(shippedDir).filter((n) => n.endsWith('.yaml'))) {
      copyFileSync(join(shippedDir, name), join(dir, name));
    }
    edit(dir);
    loadConfig({ dir, env });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

function replaceIn(file: string, from: string, to: string): (dir: string) => void {
  return (dir) => {
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8');
    assert.ok(text.includes(from), `${file} should contain ${JSON.stringify(from)}`);
    writeFileSync(path, text.replace(from, to));
  };
}

function envError(env: Record<string, string>): ConfigError {
  try {
    loadConfig({ env });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be rejected`);
}

test('the shipped files load and are deeply frozen', () => {
  const config = loadConfig({ env: {} });
  assert.ok(Object.isFrozen(config));
  assert.ok(Object.isFrozen(config.balance.units.infantry.cost));
  assert.ok(Object.isFrozen(config.balance.season.themes));
  assert.ok(Object.isFrozen(config.env.OPS_TOKENS));
  assert.throws(() => {
    (config.timers.war as { proposal_hours: number }).proposal_hours = 1;
  }, TypeError);
});

test('the shipped numbers are the ones GAME.md fixes', () => {
  const { balance, timers } = loadConfig({ env: {} });
  assert.equal(balance.reputation.events, {
    alliance_formed: 10,
    alliance_broken: -25,
    treaty_violated: -50,
    war_initiated: -5,
    war_won: 10,
    war_lost: -5,
    peace_treaty_honoured: 15,
    betrayal: -75,
    espionage_discovered: -10,
  });
  assert.equal(balance.power_score, { resources: 0.3, military_strength: 0.4, territory: 0.2, population: 0.1 });
  assert.is(balance.battle.variance, 0.15);
  const { per_spy_bonus, counter_intel_penalty, min_rate, max_rate } = balance.espionage;
  assert.equal([per_spy_bonus, counter_intel_penalty, min_rate, max_rate], [0.05, 0.1, 0.05, 0.95]);
  assert.equal([timers.war.proposal_hours, timers.war.preparation_hours], [12, 24]);
  assert.equal([timers.election.nomination_days, timers.election.voting_days], [3, 2]);
  assert.equal([timers.season.pre_days, timers.season.active_days, timers.season.post_days], [7, 60, 3]);
  assert.equal(timers.periodic.leaderboards_minutes, 15);
});

const badValues = [
  { file: 'timers.yaml', from: 'proposal_hours: 12', to: 'proposal_hours: abc', field: 'war.proposal_hours' },
  { file: 'game_balance.yaml', from: 'variance: 0.15', to: 'variance: 1.5', field: 'battle.variance' },
  { file: 'game_balance.yaml', from: 'strength: 10', to: 'strength: 2.5', field: 'units.infantry.strength' },
  { file: 'features.yaml', from: 'wars: true', to: 'wars: "yes"', field: 'wars' },
  // Past what the actors' own messages carry (found by a bad-input audit: such a config loaded, then broke play).
  { file: 'game_balance.yaml', from: 'max_spies: 10', to: 'max_spies: 5000', field: 'espionage.max_spies' },
  { file: 'game_balance.yaml', from: 'max_members: 5', to: 'max_members: 51', field: 'alliances.max_members' },
  { file: 'game_balance.yaml', from: 'base_storage_cap: 5000', to: 'base_storage_cap: 2000000000', field: 'resources.gold.base_storage_cap' },
  // A window under a second never expired its Redis key: the rate-limited players stayed locked out.
  { file: 'timers.yaml', from: 'window_seconds: 60', to: 'window_seconds: 0.5', field: 'rate_limits.window_seconds' },
];

for (const bad of badValues) {
  test(`a bad value in ${bad.file} names the file and ${bad.field}`, () => {
    const error = errorFrom(replaceIn(bad.file, bad.from, bad.to));
    assert.is(error.code, 'CONFIG_INVALID');
    assert.ok(error.file.endsWith(bad.file), error.file);
    assert.is(error.field, bad.field);
    assert.ok(error.message.includes(`${bad.file}: ${bad.field}: expected `), error.message);
  });
}

test('the message quotes the bad value', () => {
  const error = errorFrom(replaceIn('timers.yaml', 'proposal_hours: 12', 'proposal_hours: abc'));
  assert.match(error.message, /timers\.yaml: war\.proposal_hours: expected a positive number of hours, got "abc"$/);
});

test('an unknown key is rejected', () => {
  const error = errorFrom(replaceIn('game_balance.yaml', 'variance: 0.15', 'variance: 0.15\n  varience: 0.2'));
  assert.is(error.field, 'battle.varience');
  assert.match(error.expected, /known key \(variance, /);
});

test('cross-field rules are checked', () => {
  const error = errorFrom(replaceIn('game_balance.yaml', 'min_rate: 0.05', 'min_rate: 0.99'));
  assert.is(error.field, 'espionage.max_rate');
});

test('a YAML syntax error names the file and the line', () => {
  const error = errorFrom(replaceIn('features.yaml', 'wars: true', 'wars: [true'));
  assert.ok(error.file.endsWith('features.yaml'));
  assert.match(error.field, /^line \d+, column \d+$/);
  assert.match(error.message, /features\.yaml: line \d+, column \d+: expected valid YAML/);
});

test('a missing file is named', () => {
  const error = errorFrom((dir) => rmSync(join(dir, 'timers.yaml')));
  assert.ok(error.file.endsWith('timers.yaml'));
  assert.is(error.field, '');
  assert.match(error.message, /timers\.yaml: expected a readable YAML file, got no such file/);
});

test('every problem in every source is reported at once', () => {
  const error = errorFrom(replaceIn('features.yaml', 'wars: true', 'wars: 1'), { SHARDS: '0' });
  assert.equal(error.issues.map((issue) => issue.field), ['wars', 'SHARDS']);
});

const badEnv: Array<[string, string]> = [
  ['SHARDS', '0'],
  ['SHARDS', '16385'],
  ['REDIS_URL', 'ftp://x'],
  ['DATABASE_URL', 'mysql://db'],
  ['PORT', 'abc'],
  ['PORT', '70000'],
  ['KEY_PREFIX', '{sw}:'],
  ['LOG_LEVEL', 'verbose'],
  ['WRITE_BEHIND_INTERVAL_MS', '5'],
  ['CI', 'maybe'],
];

for (const [name, value] of badEnv) {
  test(`${name}=${value} is rejected by name`, () => {
    const error = envError({ [name]: value });
    assert.is(error.file, 'environment');
    assert.is(error.field, name);
    assert.ok(error.message.startsWith(`environment: ${name}: expected `), error.message);
  });
}

test('HOST is an IP address or a host name', () => {
  assert.match(envError({ HOST: 'no such host.invalid' }).message, /HOST: expected an IP address or a host name/);
  assert.match(envError({ HOST: 'http://example.com' }).message, /HOST/);
  for (const host of ['0.0.0.0', '::', '::1', 'localhost', 'game-1.internal']) assert.is(loadConfig({ env: { HOST: host } }).env.HOST, host);
});

test('secrets and URL credentials are never echoed', () => {
  assert.not.match(envError({ OPS_TOKENS: 'hunter2' }).message, /hunter2/);
  assert.not.match(envError({ OPS_TOKENS: `ann:root:${'h'.repeat(16)}` }).message, /hhhh/);
  assert.not.match(envError({ REDIS_URL: 'ftp://user:hunter2@x' }).message, /hunter2/);
});

test('environment defaults are applied and values coerced', () => {
  const defaults = loadConfig({ env: {} }).env;
  assert.equal(
    { ...defaults, OPS_TOKENS: [...defaults.OPS_TOKENS], BOT_ADMINS: [...defaults.BOT_ADMINS] },
    {
      PORT: 3000,
      HOST: '127.0.0.1',
      SHARDS: 64,
      LOG_LEVEL: 'info',
      KEY_PREFIX: 'sw:',
      WRITE_BEHIND_INTERVAL_MS: 500,
      WRITE_BEHIND_BATCH: 500,
      READ_BATCH: 100,
      DEAD_LETTER_AFTER: 3,
      REQUEST_TIMEOUT_MS: 5000,
      DEDUP_TTL_HOURS: 24,
      MESSAGE_RETENTION_DAYS: 90,
      LEASE_TTL_MS: 5000,
      OPS_TOKENS: [],
      BOT_ADMINS: [],
      BOT_DEFER_MS: 2000,
      CI: false,
    },
  );
  assert.is(defaults.REDIS_URL, undefined);
  assert.is(defaults.NODE_ID, undefined);

  const set = loadConfig({
    env: { PORT: '8080', CI: '1', REDIS_URL: 'rediss://cache:6380', OPS_TOKENS: `ann:admin:${'a'.repeat(16)}, bob:viewer:${'b'.repeat(16)}`, SHARDS: '' },
  }).env;
  assert.is(set.PORT, 8080);
  assert.is(set.CI, true);
  assert.is(set.REDIS_URL, 'rediss://cache:6380');
  assert.equal(
    set.OPS_TOKENS.map((operator) => ({ ...operator })),
    [
      { name: 'ann', role: 'admin', token: 'a'.repeat(16) },
      { name: 'bob', role: 'viewer', token: 'b'.repeat(16) },
    ],
  );
  assert.is(set.SHARDS, 64, 'an empty value counts as unset');
});

test('OPS_TOKENS: name:role:token, roles viewer or admin, long unique tokens and unique names', () => {
  const token = 't'.repeat(16);
  for (const bad of [token, `ann:root:${token}`, 'ann:admin:short', `ann:admin:${token},ann:viewer:${'u'.repeat(16)}`, `ann:admin:${token},bob:viewer:${token}`]) {
    const error = envError({ OPS_TOKENS: bad });
    assert.is(error.issues[0]!.field, 'OPS_TOKENS', bad);
  }
  assert.is(loadConfig({ env: { OPS_TOKENS: `ann:admin:${token}:with:colons` } }).env.OPS_TOKENS[0]!.token, `${token}:with:colons`);
});

test('gateway variables: secret length, origins list, public URL; the secret is never echoed', () => {
  const set = loadConfig({
    env: { GATEWAY_TOKEN_SECRET: 's'.repeat(32), GATEWAY_ORIGINS: 'https://a.example, http://127.0.0.1:8080', GATEWAY_PUBLIC_URL: 'https://wars.example' },
  }).env;
  assert.equal([...(set.GATEWAY_ORIGINS ?? [])], ['https://a.example', 'http://127.0.0.1:8080']);
  assert.is(set.GATEWAY_PUBLIC_URL, 'https://wars.example');
  const short = envError({ GATEWAY_TOKEN_SECRET: 'hunter2hunter2' });
  assert.is(short.field, 'GATEWAY_TOKEN_SECRET');
  assert.not.match(short.message, /hunter2/);
  assert.is(envError({ GATEWAY_ORIGINS: 'https://a.example/path' }).field, 'GATEWAY_ORIGINS');
  assert.is(envError({ GATEWAY_PUBLIC_URL: 'ftp://x' }).field, 'GATEWAY_PUBLIC_URL');
});

test('unrelated environment variables are ignored', () => {
  assert.not.throws(() => loadConfig({ env: { PATH: '/usr/bin', SOMETHING_ELSE: '{}' } }));
});

test.run();
