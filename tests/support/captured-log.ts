// A pino logger whose JSON lines land in an array, for tests that check what a
// node or loop logged.
import pino, { type Logger } from 'pino';

export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly states?: number;
  readonly err?: { readonly message: string };
}

/** A logger at `info` writing each line, parsed, into `lines`. */
export function capturedLogger(lines: LogLine[]): Logger {
  return pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
}
