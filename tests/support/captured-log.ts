// A pino logger whose JSON lines land in an array, for tests that check what a
// node or loop logged; and the reading of a child process's output as log lines.
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

/** The lines of a process's output that are not JSON log lines (a library printing to the console, a raw stack). */
export function nonJsonLines(output: string): string[] {
  return output.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{'));
}

/** The JSON log lines of a process's output, parsed. */
export function jsonLines(output: string): LogLine[] {
  return output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as LogLine);
}
