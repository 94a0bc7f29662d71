import { Writable } from 'node:stream';
import { createLogger } from '../../src/observability/logger.js';

/**
 * The logger of the tests' apps: the errors tests provoke on purpose are asserted on, and yoga's
 * default logger would print each one with its stack. Tests about logging pass their own.
 */
export const quietLogger = createLogger({ level: 'silent' });

export interface LogLine {
  level: string;
  msg: string;
  err?: { stack?: string };
  [key: string]: unknown;
}

/** A logger at `level` whose JSON lines are kept in `lines`, for tests about what gets logged. */
export function recordingLogger(level = 'debug') {
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger({ level, destination }), lines };
}
