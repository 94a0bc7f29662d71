import pino, { type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  level?: string;
  /** Where the JSON lines go; standard output by default. */
  destination?: pino.DestinationStream;
}

/** One JSON object a line, the shape log collectors read without configuration. */
export function createLogger({ level = 'info', destination }: LoggerOptions = {}): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'broadsheet' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  // Standard output is written asynchronously: a synchronous write per request line was a system
  // call on the event loop for every request (about 5 % of a compiled read's CPU). Lines written
  // while one write is in flight go out together, and pino flushes what is left when the process exits.
  return pino(options, destination ?? pino.destination({ dest: 1, sync: false }));
}

/** Yoga's logger interface on top of pino, so yoga's own messages land in the same stream. */
export function yogaLogger(logger: Logger) {
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (...args: unknown[]) => {
    const [first, ...rest] = args;
    if (first instanceof Error) logger[level]({ err: first }, rest.map(String).join(' ') || first.message);
    else logger[level](args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
