// The game rules machines are built from in tests: the shipped config files,
// optionally with some feature flags or timers changed.
import { loadConfig, type Features, type Timers } from '../../config/index.ts';
import type { GameRules } from '../../actors/common/game-rules.ts';

export function shippedRules(overrides: { features?: Partial<Features>; timers?: Partial<Timers> } = {}): GameRules {
  const config = loadConfig({ env: {} });
  return {
    balance: config.balance,
    timers: { ...config.timers, ...overrides.timers },
    features: { ...config.features, ...overrides.features },
  };
}
