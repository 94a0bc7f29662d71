import { createHash } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type { ArticleRow } from '../tables.js';
import { articleRowColumns, liveSql, type Visibility, visibleSql } from './articles.js';

/**
 * Full-text search, ranked by relevance within recency windows.
 *
 * The matches of a query are taken newest first (publication time desc, id desc; articles with no
 * publication time, drafts that only editors see, count as newest) in windows of W matches; the
 * results are ordered by (window, ts_rank_cd desc, id desc). Ranking costs a detoasted 4.7 kB
 * tsvector per match, so ranking every match of a common term (hundreds of thousands in a large
 * archive) takes seconds; ranking W of them does not, and finding where a window ends is cheap
 * with the (search, published_at) GIN index (migration 20261127170000): GIN intersects the term's
 * posting list with the entries of a short recent time range.
 *
 * One statement per page: a recursive CTE walks windows and, within a window, probes growing time
 * ranges back from the window's upper bound until one holds W matches (or reads every match, when
 * the query is rare enough for that to be cheaper), then ranks those W.
 */

export interface SearchKey {
  /** Publication time in microseconds since the epoch as text; `infinity` for an article without one. */
  at: string;
  id: number;
}

/**
 * A window of matches: its newest and its oldest member, inclusive. Both null for the single window
 * of every match (SEARCH_RANK_WINDOW=0). `last`: no older window follows.
 */
export interface SearchWindow {
  top: SearchKey | null;
  bottom: SearchKey | null;
  last: boolean;
}

/** Cost knobs of the probes; they never change the results (tests sweep them to prove it). */
export interface SearchProbeTuning {
  /** Width of the first probe of the first window, in articles at the archive's average rate; default W. */
  firstProbeArticles?: number;
  /** Widest probe (and the archive tail read whole), in articles; default 4 sqrt(N W). */
  reachArticles?: number;
  /** Cost of a heap row in GIN entries; default HEAP_ROW_IN_ENTRIES. */
  heapRowInEntries?: number;
  /** Walk a first page that one window answers as any page (see firstWindowOnly); default false. */
  generalWalk?: boolean;
}

/**
 * What a search's filter gives the statement: its conditions over the article `a` (the read
 * model's declarations of ArticleFilter, articleFilterSql's rules; absent: no filter), and the
 * values the walk reads besides them: the language (its words are parsed with that language's
 * stemming alone) and the publication bounds (the probes stay within them: cost only). Each is a
 * value or a statement parameter; null or absent: not given.
 */
export interface SearchFilter {
  where?: RawBuilder<unknown>;
  language?: unknown;
  publishedAfter?: unknown;
  publishedBefore?: unknown;
}

/** Where a cursor continues: after this result (its window, rank and id). */
export interface SearchAfter {
  window: SearchWindow;
  rank: number;
  id: number;
}

/**
 * A cursor's position as the walk's parameters (searchPosition): the window's bounds as key times
 * split into ±infinity, whole seconds and microseconds (see keyTime), its ids, `last`, and the
 * rank and id to continue after. Each is a value or a statement parameter. `given`: whether the
 * request has a cursor at all; a parameter when a statement serves requests with and without one.
 */
export interface SearchPosition {
  given: unknown;
  topSpecial: unknown;
  topSeconds: unknown;
  topMicros: unknown;
  topId: unknown;
  bottomSpecial: unknown;
  bottomSeconds: unknown;
  bottomMicros: unknown;
  bottomId: unknown;
  last: unknown;
  rank: unknown;
  id: unknown;
}

/** The walk's parameters of a cursor's position (null: no cursor, every one null and `given` false). */
export function searchPosition(after: SearchAfter | null): SearchPosition {
  const time = (at: string | undefined) => {
    const special = at === 'infinity' || at === '-infinity' ? at : null;
    const micros = at === undefined || special ? null : BigInt(at);
    const seconds = micros === null ? null : micros / 1_000_000n;
    return {
      special,
      seconds: seconds?.toString() ?? null,
      micros: micros === null ? null : (micros - seconds! * 1_000_000n).toString(),
    };
  };
  const top = time(after?.window.top?.at);
  const bottom = time(after?.window.bottom?.at);
  return {
    given: after !== null,
    topSpecial: top.special,
    topSeconds: top.seconds,
    topMicros: top.micros,
    topId: after?.window.top?.id ?? null,
    bottomSpecial: bottom.special,
    bottomSeconds: bottom.seconds,
    bottomMicros: bottom.micros,
    bottomId: after?.window.bottom?.id ?? null,
    last: after?.window.last ?? null,
    rank: after?.rank ?? null,
    id: after?.id ?? null,
  };
}

export interface SearchQuery extends Visibility {
  text: string;
  filter: SearchFilter;
  /** W: matches per window; 0 puts every match in one window (exact ranking). */
  window: number;
  /** Continue after a cursor's position (searchPosition). */
  after?: SearchPosition;
  limit: number;
  /**
   * The largest `limit` the statement runs with, when `limit` is a parameter of a statement kept
   * for many requests (the compiled search's); `limit` itself otherwise.
   */
  limitAtMost?: number;
  /** Compute ts_headline (the `highlights` field): it re-parses every hit's whole body, so only when selected. */
  highlights: boolean;
  tuning?: SearchProbeTuning;
}

export interface SearchRow extends ArticleRow {
  rank: number;
  /** The passages that matched (searchHighlightsSql); null when the query did not ask for them. */
  highlights: string[] | null;
  window: SearchWindow;
}

/** Between the passages ts_headline writes: a character no article text uses. */
export const HEADLINE_DELIMITER = '\u241E';
/** ts_headline's options for `highlights`: up to three passages of 6 to 18 words. */
export const HEADLINE_OPTIONS = `MaxFragments=3, MinWords=6, MaxWords=18, StartSel=<mark>, StopSel=</mark>, FragmentDelimiter=${HEADLINE_DELIMITER}`;

/**
 * What String.prototype.trim removes: ECMAScript's WhiteSpace (tab, VT, FF, space, U+00A0, U+FEFF
 * and the Zs category) and LineTerminator (LF, CR, U+2028, U+2029): btrim's set of characters.
 */
const JS_WHITESPACE = sql.lit(
  '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff',
);

/**
 * The passages of an article (its `title`, `body` and `language` under `a`) that match the tsquery
 * `q`, as text[]: ts_headline's fragments with the matched words in <mark></mark>, each trimmed of
 * white space, empty ones left out. The one rule of `SearchResult.highlights`, for the executor's
 * search and the read model alike. ts_headline re-parses the whole body: the dearest part of a
 * search, so computed only when selected, and only for a page's results.
 */
export const searchHighlightsSql = (a: RawBuilder<unknown>, q: RawBuilder<unknown>) =>
  sql`array(select btrim(x.part, ${JS_WHITESPACE})
      from unnest(string_to_array(ts_headline(broadsheet_ts_config(${a}.language), ${a}.title || E'\n\n' || ${a}.body, ${q},
        ${sql.lit(HEADLINE_OPTIONS)}),
        ${sql.lit(HEADLINE_DELIMITER)})) with ordinality x(part, n)
     where btrim(x.part, ${JS_WHITESPACE}) <> '' order by x.n)`;

/** The longest search query accepted, in characters (after trimming). */
export const MAX_QUERY_LENGTH = 256;

/**
 * The most `-` a query may hold outside words. websearch_to_tsquery turns each into a NOT, and a
 * run of NOTs piles up on the 32 places of PostgreSQL's operator stack ("tsquery stack too
 * small", an internal error); other operators take at most three of them. Counted generously:
 * every `-` that does not follow a letter or digit, as "covid-19" does.
 */
export const MAX_QUERY_EXCLUSIONS = 20;

/** Why a search text (trimmed) cannot be searched, or undefined when it can. */
export function searchTextProblem(text: string): string | undefined {
  if (text.length === 0) return '`query` must not be empty';
  if (text.length > MAX_QUERY_LENGTH) return `\`query\` must be at most ${MAX_QUERY_LENGTH} characters`;
  const exclusions = text.match(/(?<![\p{L}\p{N}])-/gu)?.length ?? 0;
  if (exclusions > MAX_QUERY_EXCLUSIONS)
    return `\`query\` may hold at most ${MAX_QUERY_EXCLUSIONS} \`-\` (exclusions) outside words`;
  return undefined;
}

/** The kind of a search's cursors: a cursor belongs to one query, and another query refuses it. */
export const searchCursorKind = (text: string) =>
  `search:${createHash('sha1').update(text).digest('base64url').slice(0, 10)}`;

/** The search order's key of an article: drafts (no publication time) sort as newest. */
const KEY = sql.raw(`(coalesce(a.published_at, 'infinity'::timestamptz), a.id)`);

/**
 * The filter and visibility as conditions the planner cannot turn into GIN index conditions: GIN
 * reads every index entry on the open side of a range (`published_at <= now()` would read the
 * whole archive's entries), so the only time range in the index condition is the probe's own.
 * `is true` is not index-matchable; they are checked on the rows found.
 */
function filterSql(filter: SearchFilter, visibility: Visibility): RawBuilder<unknown> {
  const visible = visibility.includeHidden ? liveSql('a') : visibleSql('a');
  return sql`and (${sql.raw(visible)}) is true${filter.where ? sql` and (${filter.where}) is true` : sql``}`;
}

/**
 * A cursor's key time back to a timestamp, from searchPosition's parts: ±infinity, or whole
 * seconds through to_timestamp (exact for integers) plus the microseconds as an interval; null
 * when there is no bound. One SQL text whatever the value, so that the statement stays prepared.
 */
const keyTime = (special: unknown, seconds: unknown, micros: unknown) =>
  sql`coalesce(${special}::timestamptz, to_timestamp(${seconds}::float8) + ${micros}::int8 * interval '1 microsecond')`;

/** A timestamp as a cursor's key time (see SearchKey.at). */
const keyText = (column: string) =>
  sql.raw(
    `case when ${column} is null then null when isfinite(${column}) then (extract(epoch from ${column}) * 1000000)::int8::text else ${column}::text end`,
  );

/** Whether a cursor key time is one keyTime accepts: within PostgreSQL's timestamp range. */
export function isSearchKeyTime(at: string): boolean {
  if (at === 'infinity' || at === '-infinity') return true;
  if (!/^-?\d{1,19}$/.test(at)) return false;
  const micros = BigInt(at);
  // 4714-11-24 BC, PostgreSQL's earliest time, and the largest int8 (in 294247), short of its
  // latest (294277-01-01): the walk writes each key time back as int8 microseconds since 1970, so
  // a later one failed with "bigint out of range" (BAD_USER_INPUT) instead of INVALID_CURSOR.
  return micros >= -210_866_803_200_000_000n && micros <= 9_223_372_036_854_775_807n;
}

/*
 * The probes' time arithmetic saturates, so that any stored publication time (and any filter
 * bound) can be searched: an archive spanning centuries, or a handful of articles decades apart,
 * sizes probes of thousands of years, and PostgreSQL raises "timestamp out of range" (a data
 * exception, reported as bad input) for a time before 4714 BC, and "interval out of range" for a
 * span past about 5.8 million years. A probe reaching before the oldest article reads the same
 * rows whatever its exact start, so a start before PostgreSQL's range is its earliest time (finite,
 * so the probes' estimates stay finite too; no stored time is earlier), and spans stop growing at
 * MAX_SPAN, wider than PostgreSQL's whole range of times.
 */
const MAX_SPAN = sql.raw(`interval '120000000 days'`);
/** PostgreSQL's earliest time (4714-11-24 BC) in seconds since 1970, with two days to spare for time zones. */
const EARLIEST_EPOCH = -210_866_803_200 + 2 * 86_400;

/** `time - span`, or PostgreSQL's earliest time where that is before it; null if either is. */
function earlier(time: RawBuilder<unknown>, span: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(case when extract(epoch from ${time}) - extract(epoch from ${span}) < ${sql.lit(EARLIEST_EPOCH)}
    then '4714-11-24 00:00:00+00 BC'::timestamptz else ${time} - ${span} end)`;
}

/** `span * factor` (factor >= 0), at most MAX_SPAN. */
function scaled(span: RawBuilder<unknown>, factor: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(case when extract(epoch from ${span}) * (${factor}) >= extract(epoch from ${MAX_SPAN}) then ${MAX_SPAN} else ${span} * (${factor}) end)`;
}

/*
 * The walk's rows. A 'state' row is a window being looked for (or, from a cursor, a window already
 * known); a 'hit' row is a result. Columns:
 *   win        window number within this page (results are ordered by it first)
 *   k          probe number within the window
 *   span       time this probe reaches back from the window's anchor
 *   density    matches per article seen by the last probe or window (null: none yet)
 *   known      the window's bounds come from a cursor
 *   u_*        exclusive upper key of a window being looked for (none: the first window)
 *   t_*, b_*   top and bottom key (inclusive) of a known window; of a hit, its window's bounds
 *   last       (known windows, hits) no older window follows
 *   a_*        (known windows) continue after this (rank, id)
 *   need       results still wanted
 *   n … reach  the archive's estimates, carried along (see `archive`)
 */
const WALK_COLUMNS =
  'kind, win, k, span, density, known, u_at, u_id, t_at, t_id, b_at, b_id, last, a_rank, a_id, need, id, rank, n, oldest, newest, per_article, first_span, reach';

/**
 * A match read from the heap (its row fetched and filtered) costs about as much as this many GIN
 * entries of a time range read: 4.5 µs and 0.13 µs at a million articles.
 */
const HEAP_ROW_IN_ENTRIES = 32;

export type SearchSqlRow = Omit<SearchRow, 'window'> & {
  /** The window's number within this page: results are ordered by (win, rank desc, id desc). */
  win: number;
  topAt: string | null;
  topId: number | null;
  bottomAt: string | null;
  bottomId: number | null;
  last: boolean;
};

/**
 * Whether the page is the first window's alone: a first page (no cursor) for the public with no
 * filter, whose results one window holds (W >= limit). A window that is not the last holds W
 * matches, so the page takes its `limit` from it and no older window is looked for; every state
 * of the walk is then a probe of the first window, with no upper bound, no known bounds and no
 * cursor position. The statement says so (those columns as null literals, the branches that read
 * below a bound or start the next window left out): a smaller plan, which PostgreSQL sets up on
 * every execution, and fewer conditions on every candidate. The results are the walk's own
 * (tests compare the two walks).
 */
function firstWindowOnly(query: SearchQuery): boolean {
  return (
    !query.after &&
    !query.includeHidden &&
    !query.filter.where &&
    !query.tuning?.generalWalk &&
    query.window > 0 &&
    query.window >= (query.limitAtMost ?? query.limit)
  );
}

/**
 * A hit's article, but its id (the hit's own). Every hit is an article of the statement's
 * snapshot, so the join on the key finds it; a left join, so that PostgreSQL leaves the join out
 * when nothing reads these columns (the compiled page reads its articles itself).
 */
const HIT_ARTICLE_COLUMNS = sql.raw(
  articleRowColumns
    .filter(([, column]) => column !== 'id')
    .map(([, column]) => `a.${column}`)
    .join(', '),
);

/** The state a step of the first window's walk reads (firstWindowOnly), but `need`: no bound, no cursor. */
const FIRST_WINDOW_STATE = {
  u_at: sql.raw('null::timestamptz'),
  u_id: sql.raw('null::int8'),
  t_at: sql.raw('null::timestamptz'),
  t_id: sql.raw('null::int8'),
  b_at: sql.raw('null::timestamptz'),
  b_id: sql.raw('null::int8'),
  last: sql.raw('null::boolean'),
  a_rank: sql.raw('null::real'),
  a_id: sql.raw('null::int'),
};

/** The same columns as any step reads them, off the walk's row `s` (see WALK_COLUMNS). */
const WALK_STATE = Object.fromEntries(
  [...Object.keys(FIRST_WINDOW_STATE), 'need'].map((column) => [column, sql.raw(`s.${column}`)]),
) as Record<keyof typeof FIRST_WINDOW_STATE | 'need', RawBuilder<unknown>>;

/** The page's statement, unexecuted (scripts EXPLAIN it). */
export function searchArticlesSql(query: SearchQuery): RawBuilder<SearchSqlRow> {
  // W and the viewer are part of the statement's text (a setting, two kinds of viewer), so that
  // the planner folds the conditions on them; everything else is a parameter.
  const W = sql.lit(query.window);
  const hidden = sql.lit(query.includeHidden);
  const filter = filterSql(query.filter, query);
  const after = sql`${query.filter.publishedAfter ?? null}::timestamptz`;
  const before = sql`${query.filter.publishedBefore ?? null}::timestamptz`;
  const tsquery = sql`(select q from query)`;
  // Articles published in a time, at the archive's average rate.
  const articlesIn = (time: RawBuilder<unknown>) =>
    sql`(extract(epoch from ${time})::float8 / greatest(extract(epoch from s.per_article)::float8, 1e-6))`;
  // In seconds, not as an interval: two times PostgreSQL holds (a cursor's, the archive's) may be
  // further apart than an interval holds (about 292,000 years; "interval out of range").
  const articlesBetween = (from: RawBuilder<unknown>, to: RawBuilder<unknown>) =>
    sql`(case when isfinite(${from}) and isfinite(${to}) then (extract(epoch from ${to}) - extract(epoch from ${from}))::float8 / greatest(extract(epoch from s.per_article)::float8, 1e-6) else 'infinity'::float8 end)`;

  const c = query.after;
  const lean = firstWindowOnly(query);
  // The state a step reads: on the first window's walk, its bounds and cursor position are null
  // and `need` is the limit, written as such so that PostgreSQL folds every condition on them.
  const st = lean ? { ...FIRST_WINDOW_STATE, need: sql`${query.limit}::int` } : WALK_STATE;
  // Only a cursor's window is known (the walk's first row); on a first page no row is, and the
  // statement says so, so that PostgreSQL folds every case on it when it plans.
  const known = c ? sql.raw('s.known') : sql.raw('false');
  const firstState = sql`select 'state'::text, 0, 0, first_span, null::float8, false, null::timestamptz, null::int8,
             null::timestamptz, null::int8, null::timestamptz, null::int8, null::boolean, null::real, null::int, ${query.limit}::int, null::int, null::real,
             n, oldest, newest, per_article, first_span, reach from archive`;
  const cursorState = c
    ? sql`select 'state'::text, 0, 0, null::interval, null::float8, true, null::timestamptz, null::int8,
             ${keyTime(c.topSpecial, c.topSeconds, c.topMicros)}, ${c.topId}::int8, ${keyTime(c.bottomSpecial, c.bottomSeconds, c.bottomMicros)}, ${c.bottomId}::int8,
             ${c.last}::boolean, ${c.rank}::real, ${c.id}::int, ${query.limit}::int, null::int, null::real,
             n, oldest, newest, per_article, first_span, reach from archive`
    : undefined;
  // A statement for requests with and without a cursor starts from the one the request has.
  const start = !cursorState
    ? firstState
    : c!.given === true
      ? cursorState
      : sql`${cursorState} where ${c!.given}::boolean union all ${firstState} where not ${c!.given}::boolean`;

  const inBounds = sql`(${st.u_at} is null or ${KEY} < (${st.u_at}, ${st.u_id}))
    and (${st.t_at} is null or ${KEY} <= (${st.t_at}, ${st.t_id})) and (${st.b_at} is null or ${KEY} >= (${st.b_at}, ${st.b_id})) ${filter}`;
  const candidate = sql`select a.id, coalesce(a.published_at, 'infinity'::timestamptz) as at, a.search from articles a`;
  const carried = sql`s.n, s.oldest, s.newest, s.per_article, s.first_span, s.reach`;
  // The estimated cost, in GIN entries, of reading `entries` index entries of a time range, with
  // the heap rows of the matches among them, or of reading every match of the query.
  const R = sql`${query.tuning?.heapRowInEntries ?? HEAP_ROW_IN_ENTRIES}::float8`;
  const rangeCost = (entries: RawBuilder<unknown>, density: RawBuilder<unknown>) =>
    sql`(${entries} * (1 + ${R} * ${density}))`;
  const everyMatchCost = (density: RawBuilder<unknown>) => sql`(s.n * ${density} * ${R})`;

  const highlights = query.highlights ? searchHighlightsSql(sql.raw('a'), tsquery) : sql`null::text[]`;
  // The next window starts below this one's bottom; its first probe is 1.5 times as wide as this
  // window was (matches come at about the same pace, so one probe usually finds it). None follows
  // the first window's walk: the page is within it.
  const nextWindow = lean
    ? sql``
    : sql`union all
        select 'state', s.win + 1, 0,
               greatest(s.first_span, case when isfinite(w.top_at) and isfinite(w.bottom_at) then ${scaled(sql`(case when extract(epoch from w.top_at) - extract(epoch from w.bottom_at) >= extract(epoch from ${MAX_SPAN}) then ${MAX_SPAN} else w.top_at - w.bottom_at end)`, sql`1.5`)} end),
               least(1, found.n / greatest(${articlesBetween(sql`w.bottom_at`, sql`least(w.top_at, s.newest)`)}, 1)),
               false, w.bottom_at, w.bottom_id, null, null, null, null, null, null, null, ${st.need} - emitted.n, null, null, ${carried}
          from w, emitted, found
         where not w.last and ${st.need} > emitted.n`;

  return sql<SearchSqlRow>`
    with recursive
    query as (select ${searchQuerySql(query.text, query.filter.language, query)} as q),
    -- Estimates that size the probes: they steer the cost, never the result. Materialized: inlined,
    -- each column that uses oldest, newest or n repeats their subqueries (22 index probes a page).
    archive as materialized (
      select n, oldest, newest, per_article,
             -- the time in which the first probe's articles are published, at the average rate
             greatest(${scaled(sql`per_article`, sql`${query.tuning?.firstProbeArticles ?? Math.max(query.window, 1)}::float8`)}, interval '1 millisecond') as first_span,
             -- the widest probe, in articles: past it, reading every match is expected to be cheaper
             coalesce(${query.tuning?.reachArticles ?? null}::float8, 4 * sqrt(n * ${Math.max(query.window, 1)})) as reach
        from (select oldest, newest, n, (newest - oldest) / n as per_article
                from (select (select a.published_at from articles a where a.status in ('PUBLISHED', 'SCHEDULED')
                               order by a.published_at limit 1) as oldest,
                             (select a.published_at from articles a where a.status in ('PUBLISHED', 'SCHEDULED') and a.published_at <= now()
                               order by a.published_at desc limit 1) as newest,
                             greatest((select c.reltuples from pg_class c where c.oid = 'articles'::regclass), 1)::float8 as n
                        -- each read once: pulled up, the columns above would repeat the three subqueries
                        offset 0) x) y
    ),
    walk(${sql.raw(WALK_COLUMNS)}) as (
      ${start}
      union all
      select n.* from walk s
      /*
       * How this step reads its candidates through the GIN index (cost only: every mode yields the
       * same candidates):
       *   above  published_at >= lo: the index reads its entries from lo to the newest
       *   below  published_at <= hi: from the oldest to hi (near the archive's start)
       *   plain  search @@ q alone: every match of the query (for rare queries, or W = 0)
       * A window being looked for is probed back from its anchor (its upper bound, or the newest
       * visible article) over span; it is read below its upper bound whole when that is within
       * reach or cheaper than the probe, and every match is read instead once a probe would be
       * wider than reach articles, or, with the density of matches seen so far, would cost more
       * than that. A known window is read from the cheaper side, or by reading every match.
       */
      cross join lateral (
        select p.*,
               ${hidden} and p.mode <> 'plain' and (case when ${known} then ${st.t_at} = 'infinity'::timestamptz
                                                         else p.mode = 'above' and (${st.u_at} is null or ${st.u_at} = 'infinity'::timestamptz) end) as drafts,
               ${known} or p.mode <> 'above' or p.lo <= p.floor as complete
          from (select case
                         when ${known} then
                           case when ${st.b_at} is null or s.newest is null then 'plain'
                                when ${st.b_at} = 'infinity'::timestamptz then 'above'
                                when ${everyMatchCost(sql`x.known_density`)} < ${rangeCost(sql`least(x.known_above, x.known_below)`, sql`x.known_density`)} then 'plain'
                                when x.known_below < x.known_above then 'below'
                                else 'above' end
                         when ${W} = 0 or s.newest is null then 'plain'
                         when x.probe_below <= greatest(s.reach, x.probe_above) then 'below'
                         when ${articlesIn(sql`s.span`)} <= s.reach and x.probe_lo > x.floor
                              and (s.density is null or ${everyMatchCost(sql`s.density`)} >= ${rangeCost(sql`x.probe_above`, sql`s.density`)}) then 'above'
                         when ${after} > s.oldest and ${articlesBetween(after, sql`s.newest`)} <= s.reach then 'above'
                         else 'plain'
                       end as mode,
                       case when ${known} then ${st.b_at} else greatest(x.probe_lo, ${after}) end as lo,
                       case when ${known} then ${st.t_at} else ${st.u_at} end as hi,
                       x.floor
                  from (select y.*,
                               greatest(${articlesBetween(sql`y.probe_lo`, sql`s.newest`)}, 0) as probe_above,
                               ${articlesBetween(sql`s.oldest`, st.u_at)} as probe_below,
                               greatest(${articlesBetween(st.b_at, sql`s.newest`)}, 0) as known_above,
                               ${articlesBetween(sql`s.oldest`, st.t_at)} as known_below,
                               -- a known window holds W matches between its bounds
                               least(1, ${W} / greatest(${articlesBetween(st.b_at, sql`least(${st.t_at}, s.newest)`)}, 1)) as known_density
                          from (select ${earlier(sql`least(case when isfinite(${st.u_at}) then ${st.u_at} end, s.newest, ${before})`, sql`s.span`)} as probe_lo,
                                       greatest(s.oldest, ${after}) as floor) y) x) p
         -- computed once per step, not copied into every condition that uses it
         offset 0
      ) p
      cross join lateral (
        with cand as materialized (
          select * from (
            ${candidate} where p.mode = 'above' and a.search @@ ${tsquery} and a.published_at >= p.lo and ${inBounds}
            -- (none on the first window's walk: with no bound, hi is null and it would read nothing)
            ${lean ? sql`` : sql`union all ${candidate} where p.mode = 'below' and a.search @@ ${tsquery} and a.published_at <= p.hi and ${inBounds}`}
            union all
            ${candidate} where p.mode = 'plain' and a.search @@ ${tsquery} and ${inBounds}
            ${query.includeHidden ? sql`union all ${candidate} where p.drafts and a.published_at is null and a.search @@ ${tsquery} and ${inBounds}` : sql``}
          ) c
          order by at desc, id desc
          limit case when ${known} or ${W} = 0 then null else ${W} end
        ),
        -- The window's newest and oldest key found in one pass (no sort): the newest time, then the
        -- highest id at it; the oldest time, then the lowest id at it.
        found as (select count(*)::int as n, max(at) as top_at, min(at) as bottom_at from cand),
        -- Decided: the candidates are the window (a known one, the W newest, or all there are).
        w as (
          select case when ${known} then ${st.t_at} when ${W} > 0 then found.top_at end as top_at,
                 case when ${known} then ${st.t_id} when ${W} > 0 then (select max(id) from cand where at = found.top_at) end as top_id,
                 case when ${known} then ${st.b_at} when ${W} > 0 then found.bottom_at end as bottom_at,
                 case when ${known} then ${st.b_id} when ${W} > 0 then (select min(id) from cand where at = found.bottom_at) end as bottom_id,
                 case when ${known} then ${st.last} else ${W} = 0 or found.n < ${W} end as last
            from found
           where p.complete or ${W} > 0 and found.n >= ${W}
        ),
        -- ts_rank_cd detoasts the tsvector: once per member of the window, hence materialized.
        ranked as materialized (select c.id, ts_rank_cd(c.search, ${tsquery}) as rank from cand c, w),
        hits as materialized (
          select r.id, r.rank from ranked r
           where ${st.a_id} is null or (r.rank, r.id) < (${st.a_rank}, ${st.a_id})
           order by r.rank desc, r.id desc
           limit ${st.need}
        ),
        emitted as (select count(*)::int as n from hits)
        select 'hit'::text, s.win, s.k, null::interval, null::float8, null::boolean, null::timestamptz, null::int8,
               w.top_at, w.top_id, w.bottom_at, w.bottom_id, w.last, null::real, null::int, null::int, h.id, h.rank, ${carried}
          from hits h, w
        ${nextWindow}
        union all
        -- Not decided: a wider probe, as wide as this one's density of matches suggests for W
        -- (1.5 times that), at least twice and at most 64 times as wide.
        select 'state', s.win, s.k + 1, ${scaled(sql`s.span`, sql`least(64, greatest(2, 1.5 * ${W} / greatest(found.n, 1)))`)},
               least(1, (found.n + 1) / greatest(${articlesIn(sql`s.span`)}, 1)), false, ${st.u_at}, ${st.u_id}, null, null, null, null, null, null, null, ${st.need}, null, null, ${carried}
          from found
         where not exists (select 1 from w)
      ) n
      where s.kind = 'state'
    )
    select h.id, ${HIT_ARTICLE_COLUMNS}, h.rank, ${highlights} as highlights, h.win,
           ${keyText('h.t_at')} as top_at, h.t_id::int as top_id, ${keyText('h.b_at')} as bottom_at, h.b_id::int as bottom_id, h.last
      from walk h left join articles a on a.id = h.id
     where h.kind = 'hit'
     order by h.win, h.rank desc, h.id desc
     limit ${query.limit}`;
}

/**
 * The words of a search as a tsquery: parsed with the text-search configuration of each language
 * articles use (search_configs_in_use, migration 20261203303000), ORed, so that each article is
 * matched in its own language's stems; with a language filter, with that language's only. Null
 * when no article uses that configuration (nothing matches). For the public, only the languages of
 * visible articles (migration 20261204000000): parsing with a draft's language changed what the
 * public found, so the results told of the draft.
 */
export const searchQuerySql = (
  text: unknown,
  language: unknown,
  visibility: Visibility,
) => sql`(select broadsheet_tsquery_or(websearch_to_tsquery(c.config, ${text}))
    from search_configs_in_use c where ${
      visibility.includeHidden
        ? sql`true`
        : sql`exists (select 1 from articles sc where broadsheet_ts_config(sc.language) = c.config and ${sql.raw(visibleSql('sc'))})`
    }${language === undefined ? sql`` : sql` and (${language}::text is null or c.config = broadsheet_ts_config(${language}::text))`})`;

/**
 * The number of matches as a scalar subquery (int), `SearchResultConnection.totalCount`. Every
 * match, however many: each one's row is read (for the visibility), so at a million articles this
 * takes about 0.2 s for a word in 5% of them and 7-16 s for one in 80% (README, "Search").
 */
export const countSearchResultsSql = (query: Pick<SearchQuery, 'text' | 'filter' | 'includeHidden'>) =>
  sql<number>`(select count(*)::int from articles a, (select ${searchQuerySql(query.text, query.filter.language, query)} as q) query
    where a.search @@ query.q ${filterSql(query.filter, query)})`;
