import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../config.js';
import { BroadsheetError, badInput, ErrorCode } from '../errors.js';

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface PagePlan {
  size: number;
  /** Read the order backwards (a `last` page). */
  backwards: boolean;
  /** Cursor to continue past, in the direction of reading. */
  from?: string;
  /** Cursor to stop before, in the direction of reading. */
  until?: string;
}

/**
 * `first` and `after` of the relay plugin's connection arguments (described once, in
 * src/builder.ts): for a connection that pages forwards only and so offers no `last`/`before`.
 */
export function forwardConnectionArgs<Args extends { first: unknown; after: unknown }>({
  first,
  after,
}: Args): Pick<Args, 'first' | 'after'> {
  return { first, after };
}

/** Validates Relay connection arguments and says how to read the page. */
export function planPage(args: ConnectionArgs): PagePlan {
  const { first, last } = args;
  if (first != null && last != null) {
    throw badInput('Pass either `first` or `last`, not both', 'last');
  }
  for (const [name, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (value == null) continue;
    if (value < 0) throw badInput(`\`${name}\` must not be negative`, name);
    if (value > MAX_PAGE_SIZE) {
      throw new BroadsheetError(ErrorCode.PAGINATION_LIMIT_EXCEEDED, `\`${name}\` must be at most ${MAX_PAGE_SIZE}`, {
        argument: name,
        limit: MAX_PAGE_SIZE,
      });
    }
  }
  if (last != null) {
    return { size: last, backwards: true, from: args.before ?? undefined, until: args.after ?? undefined };
  }
  return {
    size: first ?? DEFAULT_PAGE_SIZE,
    backwards: false,
    from: args.after ?? undefined,
    until: args.before ?? undefined,
  };
}

/**
 * Cursors are opaque to clients: base64url of the ordering they belong to and the keyset values
 * of the row. A cursor from another ordering or a made-up string is refused, not misread.
 */
export function encodeCursor(kind: string, values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify([kind, ...values])).toString('base64url');
}

/** PostgreSQL's `integer`: the ids of every table. */
const MAX_ID = 2_147_483_647;
/** The earliest instant PostgreSQL's timestamptz holds (4713 BC); JavaScript's latest is within its range. */
const EARLIEST_TIMESTAMP = Date.UTC(-4712, 0, 1);

/**
 * What a cursor holds at each place: text, a finite number, a row id (a positive PostgreSQL
 * integer), a date (milliseconds: a Date) or a timestamp (a date at PostgreSQL's microseconds: the
 * ISO text itself when it carries six digits of fraction, else a Date as for `date`, so that
 * cursors written at milliseconds still read). Each value is checked so that no decoded value can
 * be one PostgreSQL refuses (a NUL in text, an id past `integer`, a date out of range): a made-up
 * cursor is INVALID_CURSOR, never a database error.
 */
export type CursorValueType = 'string' | 'number' | 'id' | 'date' | 'timestamp';

/** A timestamp at microseconds, as the read model writes it (years 1 to 9999, UTC). */
const MICROSECONDS = /^(\d{4})-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(\d{3})Z$/;

export function decodeCursor(cursor: string, kind: string, types: readonly CursorValueType[]): unknown[] {
  const invalid = () =>
    new BroadsheetError(
      ErrorCode.INVALID_CURSOR,
      'The cursor is not valid for this list; use a cursor returned by the same field and ordering',
      {
        cursor,
      },
    );
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(decoded) || decoded[0] !== kind || decoded.length !== types.length + 1) throw invalid();
  return types.map((type, i) => {
    const value = decoded[i + 1];
    if (type === 'number' || type === 'id') {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid();
      if (type === 'id' && !(Number.isInteger(value) && value > 0 && value <= MAX_ID)) throw invalid();
      return value;
    }
    if (typeof value !== 'string' || value.includes('\u0000')) throw invalid();
    const micros = type === 'timestamp' ? MICROSECONDS.exec(value) : null;
    if (micros) {
      // The same instant at milliseconds must write back as the text did: no 30 February, no year 0.
      const ms = `${value.slice(0, 23)}Z`;
      const date = new Date(ms);
      if (Number(micros[1]) < 1 || Number.isNaN(date.getTime()) || date.toISOString() !== ms) throw invalid();
      return value;
    }
    if (type === 'date' || type === 'timestamp') {
      const date = new Date(value);
      if (Number.isNaN(date.getTime()) || date.getTime() < EARLIEST_TIMESTAMP) throw invalid();
      return date;
    }
    return value;
  });
}

export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/** Turns the rows read for a plan (size + 1 of them, in reading order) into a page in list order. */
export function toPage<T>(plan: PagePlan, rows: T[]): Page<T> {
  const more = rows.length > plan.size;
  const kept = rows.slice(0, plan.size);
  if (plan.backwards) {
    return { rows: kept.reverse(), hasNextPage: plan.from !== undefined, hasPreviousPage: more };
  }
  return { rows: kept, hasNextPage: more, hasPreviousPage: plan.from !== undefined };
}

export function connectionFromPage<T>(page: Page<T>, cursorOf: (row: T) => string, extra: object = {}) {
  const edges = page.rows.map((node) => ({ node, cursor: cursorOf(node) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    ...extra,
  };
}
