// Shared start-up of the process entry points: load the configuration (a bad
// value stops start-up here, naming file and field) and run the given roles.
import { ConfigError, loadConfig, type Config } from '../config/index.ts';

export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`configuration error — start-up stopped:\n${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}
