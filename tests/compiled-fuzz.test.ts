import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import type { CompiledReadsStats } from '../src/compiled/reads.js';
import { ARTICLE_ORDERS, ARTICLE_STATUSES, ENTITY_KINDS, SUMMARY_LENGTHS } from '../src/domain.js';

type CompiledReads = { stats: CompiledReadsStats };

import { createLogger } from '../src/observability/logger.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle, globalId } from './helpers/factories.js';
import { listenHttp } from './helpers/http.js';
import { quietLogger } from './helpers/logger.js';

// A property-based differential test of compiled reads (src/compiled/). Random operations over
// the subset the compiler handles (and a little beyond it), over data that random edits keep
// changing (unicode and control characters, ties, nulls, drafts, stale summaries, tiny saliences,
// microsecond timestamps…), are sent to two real HTTP servers on the same database: the executor
// (compiled reads off) and compiled reads, twice (the first request teaches the operation). The
// second answer must be the executor's, byte for byte: status, headers, body.

type Gen = fc.GeneratorValue;

let database: TestDatabase;
let reference: string;
let compiled: string;
let reads: CompiledReads;

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A request with exactly these headers (fetch would add its own Accept and more). */
function raw(
  url: string,
  body: string | Buffer,
  headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' },
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const payload = typeof body === 'string' ? Buffer.from(body) : body;
    const request = httpRequest(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(payload.length) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode!,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

// Headers that differ between any two responses, whichever path answers; a generated request id
// must be there or not, an echoed one must be the same. Last-Modified is left out within the
// second of a content change (src/http/http-cache.ts), so one of two answers may lack it.
const VOLATILE = new Set(['date', 'content-length', 'last-modified']);
const comparable = (answer: Raw, given?: string, ignore: ReadonlySet<string> = new Set()) => ({
  status: answer.status,
  headers: Object.fromEntries(
    Object.entries(answer.headers)
      .filter(([name]) => !VOLATILE.has(name) && !ignore.has(name))
      .map(([name, value]) => [name, name === 'x-request-id' && value !== given ? 'generated' : value])
      .sort(([a], [b]) => (a! < b! ? -1 : 1)),
  ),
  text: answer.text,
});

interface Pair {
  reference: string;
  compiled: string;
  reads: CompiledReads;
  app?: ReturnType<typeof createApp>;
  /** Headers that only the executor's answers carry in this configuration. */
  ignore?: ReadonlySet<string>;
}

async function pair(options: Omit<Parameters<typeof createApp>[0], 'db' | 'compiledReads'> = {}): Promise<Pair> {
  const on = createApp({ db: database.db, ...options, httpPlugins: { logger: quietLogger, ...options.httpPlugins } });
  return {
    reference: await listenHttp(
      createApp({
        db: database.db,
        ...options,
        httpPlugins: { logger: quietLogger, ...options.httpPlugins },
        compiledReads: false,
      }),
    ),
    compiled: await listenHttp(on),
    reads: (on as unknown as { compiledReads: CompiledReads }).compiledReads,
    app: on,
  };
}

/** The executor's answer, and the compiled server's second answer with whether it was compiled. */
async function both(
  body: string | Buffer,
  headers?: Record<string, string>,
  servers: Pair = { reference, compiled, reads },
) {
  const expected = await raw(servers.reference, body, headers);
  await raw(servers.compiled, body, headers);
  const before = servers.reads.stats.executed;
  const actual = await raw(servers.compiled, body, headers);
  const given = headers?.['x-request-id'];
  return {
    expected: comparable(expected, given, servers.ignore),
    actual: comparable(actual, given, servers.ignore),
    viaCompiled: servers.reads.stats.executed - before === 1,
  };
}

const data = {
  articles: [] as { id: number; slug: string }[],
  entities: [] as { id: number; slug: string }[],
  redirects: [] as string[],
};

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  const people = ['Ada Quill', 'Ben Marr', 'Cora Vance', 'Zoë Ångström'];
  for (let i = 0; i < 12; i += 1) {
    data.articles.push(
      await createArticle(db, {
        slug: `fuzz-${i}`,
        title: [
          `Plain ${i}`,
          `Quotes "${i}" and \\ back\\slash`,
          `Émoji 🗞️👩🏽‍💻 ${i}`,
          `Ctrl\u0001\u001f\u007f ${i}`,
          `Line\u2028sep ${i}`,
        ][i % 5],
        standfirst: i % 3 === 0 ? undefined : `Standfirst ${i}\t“curly” \u00e9`,
        section: i % 4 === 3 ? null : ['World', 'Sport', 'Culture'][i % 3],
        status: i === 5 ? 'DRAFT' : i === 7 || i === 11 ? 'SCHEDULED' : i === 10 ? 'ARCHIVED' : undefined,
        publishedAt:
          i === 11
            ? '2099-01-01T00:00:00.000Z'
            : new Date(Date.UTC(2026, 1, 1 + (i % 6), 9, 0, 0, i * 13)).toISOString(),
        body: `${people[i % 4]} met ${people[(i + 1) % 4]} in Port Vale on Monday.\n\nThey spoke about the harbour, said Mr. Vance.\n\n${people[i % 4]} left.`,
        summary: i % 3 === 0 ? `Editorial summary ${i} — “quoted”.` : undefined,
        entities: [
          { name: people[i % 4]!, kind: 'PERSON' },
          { name: people[(i + 1) % 4]!, kind: 'PERSON' },
          { name: 'Port Vale', kind: 'PLACE' },
          ...(i % 2 ? [{ name: 'Harbour Board', kind: 'ORGANIZATION' as const }] : []),
        ],
        // For the filters: authors and tags on some articles (drafts and embargoed ones included).
        ...(i % 3 === 2 ? {} : { bylines: [['Jo Reed', 'Sam Tarn'][i % 2]!, ...(i % 4 === 0 ? ['Ola Brant'] : [])] }),
        ...(i % 5 === 4
          ? {}
          : {
              tags: [['Harbour', 'Elections', 'Weather'][i % 3]!, ...(i % 2 ? ['Harbour'] : [])].filter(
                (t, n, all) => all.indexOf(t) === n,
              ),
            }),
      }),
    );
  }
  // Ties: three articles published at the same microsecond; others with microseconds that
  // milliseconds truncate.
  await sql`update articles set published_at = '2026-02-03 10:00:00.123456+00' where slug in ('fuzz-1', 'fuzz-2', 'fuzz-3')`.execute(
    db,
  );
  await sql`update articles set published_at = '2026-01-15 08:30:00.999999+00', created_at = '2025-12-31 23:59:59.9995+00' where slug = 'fuzz-4'`.execute(
    db,
  );
  await sql`update articles set updated_at = '2026-01-20 00:00:00.000001+00' where slug = 'fuzz-6'`.execute(db);
  data.entities = await db.selectFrom('entities').select(['id', 'slug']).orderBy('id').execute();
  await sql`update entities set aliases = array['A. Quill', 'The "Quill"', 'back\\slash', '']::text[] where slug = 'ada-quill'`.execute(
    db,
  );
  await sql`insert into entity_slug_redirects (slug, entity_id) select 'old-' || slug, id from entities where slug in ('ada-quill', 'port-vale')`.execute(
    db,
  );
  data.redirects = ['old-ada-quill', 'old-port-vale'];
  // Former slugs of a section, a tag and an author, which the filters resolve as the loaders do.
  await sql`insert into section_slug_redirects (slug, section_id) select 'old-world', id from sections where slug = 'world'`.execute(
    db,
  );
  await sql`insert into tag_slug_redirects (slug, tag_id) select 'old-harbour', id from tags where slug = 'harbour'`.execute(
    db,
  );
  await sql`insert into author_slug_redirects (slug, author_id) select 'old-jo-reed', id from authors where slug = 'jo-reed'`.execute(
    db,
  );
  // A stale generated summary (hash of another body) and a current one.
  await sql`insert into summaries (article_id, length, text, method, body_hash, created_at)
    select id, 'MEDIUM', 'Stale summary.', 'EXTRACTIVE', 'stale', '2026-01-01 00:00:00.5+00' from articles where slug = 'fuzz-1'`.execute(
    db,
  );
  // Search windows of 3 matches, so that first pages span windows (both servers alike).
  reference = await listenHttp(
    createApp({ db, compiledReads: false, searchRankWindow: 3, httpPlugins: { logger: quietLogger } }),
  );
  const on = createApp({ db, searchRankWindow: 3, httpPlugins: { logger: quietLogger } });
  compiled = await listenHttp(on);
  reads = (on as unknown as { compiledReads: CompiledReads }).compiledReads;
});

// ----- random data edits -----

function pick<T>(g: Gen, items: readonly T[]): T {
  return items[g(fc.nat, { max: items.length - 1 })]!;
}

/** Text PostgreSQL can store (no NUL), from every corner of unicode, with JSON's special characters. */
function text(g: Gen, minLength = 0): string {
  const value = pick(g, [
    () => g(fc.string, { unit: 'binary', minLength, maxLength: 30 }),
    () => g(fc.string, { unit: 'grapheme', minLength, maxLength: 20 }),
    () =>
      pick(g, [
        '"',
        '\\',
        '\\"',
        '\n\t\r\b\f',
        '\u0001\u001f',
        '\u2028\u2029',
        '</script>',
        '💥👩‍👩‍👧',
        '\ud7ff\ue000\uffff',
        'a'.repeat(300),
      ]),
  ])().replaceAll('\u0000', '');
  return value.length >= minLength ? value : `${value}x`;
}

function timestamp(g: Gen): string {
  const seconds = g(fc.integer, { min: Date.UTC(1000, 0, 1) / 1000, max: Date.UTC(2026, 0, 1) / 1000 });
  const micros = pick(g, [0, 999_999, 123_456, 500, g(fc.nat, { max: 999_999 })]);
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${String(micros).padStart(6, '0')}+00`;
}

async function editData(g: Gen): Promise<string> {
  const db = database.db;
  const article = pick(g, data.articles).id;
  const entity = pick(g, data.entities).id;
  switch (g(fc.nat, { max: 12 })) {
    case 0: {
      const title = text(g, 1);
      await sql`update articles set title = ${title} where id = ${article}`.execute(db);
      return `title ${JSON.stringify(title)}`;
    }
    case 1: {
      const standfirst = g(fc.boolean) ? null : text(g);
      await sql`update articles set standfirst = ${standfirst} where id = ${article}`.execute(db);
      return `standfirst ${JSON.stringify(standfirst)}`;
    }
    case 2: {
      const body = text(g, 1);
      await sql`update articles set body = ${body}, word_count = ${g(fc.nat, { max: 2_000_000 })} where id = ${article}`.execute(
        db,
      );
      return `body ${JSON.stringify(body)}`;
    }
    case 3: {
      // A tie with another article, or a timestamp with microseconds.
      const other = pick(g, data.articles).id;
      if (g(fc.boolean))
        await sql`update articles set published_at = (select published_at from articles where id = ${other}) where id = ${article}`.execute(
          db,
        );
      else await sql`update articles set published_at = ${timestamp(g)}::timestamptz where id = ${article}`.execute(db);
      return 'publishedAt';
    }
    case 4:
      await sql`update articles set section_id = ${g(fc.boolean) ? null : sql`(select min(id) from sections)`} where id = ${article}`.execute(
        db,
      );
      return 'section';
    case 5:
      await sql`update articles set status = ${pick(g, ARTICLE_STATUSES)}::article_status where id = ${article} and published_at is not null`.execute(
        db,
      );
      return 'status';
    case 6: {
      const salience = pick(g, [0, 1, 0.5, 0.1, 1e-4, 1.5e-5, 1e-7, g(fc.float, { min: 0, max: 1, noNaN: true })]);
      await sql`update article_entities set salience = ${salience}, mention_count = ${g(fc.nat, { max: 3 })} where article_id = ${article}`.execute(
        db,
      );
      return `salience ${salience}`;
    }
    case 7: {
      const aliases = Array.from({ length: g(fc.nat, { max: 3 }) }, () => text(g));
      await sql`update entities set aliases = ${aliases}::text[] where id = ${entity}`.execute(db);
      return `aliases ${JSON.stringify(aliases)}`;
    }
    case 8: {
      const name = text(g, 1);
      await sql`update entities set name = ${name} where id = ${entity}`.execute(db);
      return `name ${JSON.stringify(name)}`;
    }
    case 9: {
      const length = pick(g, SUMMARY_LENGTHS);
      await sql`insert into summaries (article_id, length, text, method, body_hash, created_at)
        values (${article}, ${length}::summary_length, ${text(g, 1)}, 'EDITORIAL', '', ${timestamp(g)}::timestamptz)
        on conflict (article_id, length) do update set text = excluded.text, method = 'EDITORIAL', created_at = excluded.created_at`.execute(
        db,
      );
      return 'editorial summary';
    }
    case 10:
      await sql`update summaries set body_hash = 'stale' where article_id = ${article} and method = 'EXTRACTIVE'`.execute(
        db,
      );
      return 'stale summaries';
    case 11:
      await sql`update articles set created_at = ${timestamp(g)}::timestamptz, updated_at = ${timestamp(g)}::timestamptz where id = ${article}`.execute(
        db,
      );
      return 'created/updated';
    default:
      return 'nothing';
  }
}

// ----- random operations -----

interface Op {
  variables: Record<string, unknown>;
  definitions: string[];
  fragments: string[];
}

/** An argument value: a literal in the document, or a variable (given, left out, or defaulted). */
function argument(g: Gen, op: Op, type: string, graphql: (v: unknown) => string, value: unknown): string {
  if (g(fc.nat, { max: 2 }) > 0) return graphql(value);
  const name = `v${op.definitions.length}`;
  const withDefault = g(fc.nat, { max: 5 }) === 0;
  op.definitions.push(`$${name}: ${type}${withDefault && value !== undefined ? ` = ${graphql(value)}` : ''}`);
  if (!withDefault || g(fc.boolean)) op.variables[name] = value ?? null;
  return `$${name}`;
}

const str = (v: unknown) => JSON.stringify(v);
const lit = (v: unknown) => (v === undefined || v === null ? 'null' : String(v));

function articleId(g: Gen): string {
  const { id } = pick(g, data.articles);
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return pick(g, [
    globalId('Article', id),
    globalId('Article', id),
    b64(`Article:${id}`).replace(/=+$/, ''),
    Buffer.from(`Article:${id}`).toString('base64url'),
    b64(`Article:0${id}`),
    b64(`Article:${id}.0`),
    b64(`Article: ${id}`),
    b64('Article:0'),
    b64('Article:99999999999999999999'),
    b64(`Entity:${id}`),
    b64(`Article:${id}:x`),
    'not-an-id',
  ]);
}

function entityRef(g: Gen): { id?: string; slug?: string } {
  const entity = pick(g, data.entities);
  return pick(g, [
    { slug: entity.slug },
    { slug: pick(g, data.redirects) },
    { slug: 'nobody-at-all' },
    { id: globalId('Entity', entity.id) },
    { id: Buffer.from(`Entity:0${entity.id}`).toString('base64') },
  ]);
}

/** Wraps a selection in an inline fragment or a named one, now and then. */
function wrap(g: Gen, op: Op, type: string, selection: string): string {
  switch (g(fc.nat, { max: 12 })) {
    case 0:
      return `... on ${type} { ${selection} }`;
    case 1:
      return `... { ${selection} }`;
    case 2:
    case 3: {
      const name = `F${op.fragments.length}`;
      op.fragments.push(`fragment ${name} on ${type} { ${selection} }`);
      return `...${name}`;
    }
    case 4:
      return type === 'Article' || type === 'Entity'
        ? `... on Node { ${selection.startsWith('id') ? selection : 'id'} } ${selection}`
        : selection;
    default:
      return selection;
  }
}

function alias(g: Gen, name: string): string {
  return g(fc.nat, { max: 3 }) === 0 ? `${pick(g, ['x', 'y'])}${name}: ` : '';
}

function many(g: Gen, max: number, item: () => string): string {
  const count = g(fc.integer, { min: 1, max });
  return Array.from({ length: count }, item).join(' ');
}

function sectionSelection(g: Gen, op: Op): string {
  return many(g, 3, () => wrap(g, op, 'Section', pick(g, ['__typename', 'id', 'slug', 'name', 'description'])));
}

function entitySelection(g: Gen, op: Op, depth: number): string {
  return many(g, 4, () => {
    const field = pick(g, [
      '__typename',
      'id',
      'slug',
      'name',
      'kind',
      'aliases',
      'aliases',
      ...(depth < 2 ? ['articles'] : []),
    ]);
    if (field !== 'articles') return wrap(g, op, 'Entity', `${alias(g, field)}${field}`);
    const first = g(fc.boolean) ? `(first: ${argument(g, op, 'Int', lit, pick(g, [1, 2, 3, undefined]))})` : '';
    return `${alias(g, field)}articles${first} { ${connectionSelection(g, op, depth + 1)} }`;
  });
}

function mentionSelection(g: Gen, op: Op, depth: number): string {
  return many(g, 4, () => {
    const field = pick(g, ['__typename', 'entity', 'mentionCount', 'firstOffset', 'salience', 'salience', 'source']);
    if (field === 'entity') return `${alias(g, field)}entity { ${entitySelection(g, op, depth + 1)} }`;
    return wrap(g, op, 'ArticleEntity', `${alias(g, field)}${field}`);
  });
}

function summarySelection(g: Gen, op: Op): string {
  return many(g, 3, () => wrap(g, op, 'Summary', pick(g, ['__typename', 'text', 'length', 'method', 'generatedAt'])));
}

const SCALARS = [
  '__typename',
  'id',
  'slug',
  'title',
  'standfirst',
  'body',
  'wordCount',
  'readingTimeMinutes',
  'status',
  'publishedAt',
  'createdAt',
  'updatedAt',
];

function articleSelection(g: Gen, op: Op, depth: number): string {
  return many(g, 6, () => {
    const composite = ['section', 'entities', 'summary', ...(depth < 2 ? ['previousArticle', 'nextArticle'] : [])];
    const field = g(fc.nat, { max: 2 }) === 0 ? pick(g, composite) : pick(g, SCALARS);
    let selection: string;
    switch (field) {
      case 'section':
        selection = `${alias(g, field)}section { ${sectionSelection(g, op)} }`;
        break;
      case 'entities': {
        const kind = g(fc.boolean)
          ? `(kind: ${argument(g, op, 'EntityKind', lit, pick(g, [...ENTITY_KINDS, undefined]))})`
          : '';
        // Different arguments need different response keys.
        selection = `${kind ? `k${op.definitions.length}${g(fc.nat, { max: 99 })}: ` : alias(g, field)}entities${kind} { ${mentionSelection(g, op, depth)} }`;
        break;
      }
      case 'summary': {
        const length = g(fc.boolean)
          ? `(length: ${argument(g, op, 'SummaryLength!', lit, pick(g, SUMMARY_LENGTHS))})`
          : '';
        selection = `${length ? `s${op.definitions.length}${g(fc.nat, { max: 99 })}: ` : alias(g, field)}summary${length} { ${summarySelection(g, op)} }`;
        break;
      }
      case 'previousArticle':
      case 'nextArticle': {
        const scope = pick(g, ['', '(scope: ALL)', '(scope: SECTION)', '(scope: SECTION)']);
        selection = `${scope ? `n${g(fc.nat, { max: 999 })}: ` : alias(g, field)}${field}${scope} { ${articleSelection(g, op, depth + 1)} }`;
        break;
      }
      default:
        selection = `${alias(g, field)}${field}`;
    }
    return wrap(g, op, 'Article', selection);
  });
}

/** Filter values: current slugs, former ones, slugs of nothing, bounds on both sides of the data's times, and a bad pair of bounds. */
const FILTER_VALUES = {
  section: ['world', 'sport', 'culture', 'old-world', 'no-such-section'],
  tag: ['harbour', 'elections', 'weather', 'old-harbour', 'no-such-tag'],
  author: ['jo-reed', 'sam-tarn', 'ola-brant', 'old-jo-reed', 'no-such-author'],
  time: [
    '2026-02-02T00:00:00Z',
    '2026-02-03T10:00:00.123Z',
    '2026-02-03T10:00:00.124Z',
    '2026-02-05T00:00:00.000+02:00',
    '1999-01-01T00:00:00Z',
  ],
};

/** An article list's cursor (encodeCursor), at any position. */
const cursorOf = (order: string, at: string, id: number) =>
  Buffer.from(JSON.stringify([`article:${order}`, new Date(at).toISOString(), id])).toString('base64url');

/** An ArticleFilter: written out field by field (each a literal or a variable), as one variable, or null. */
function articleFilter(g: Gen, op: Op): string {
  const value: Record<string, unknown> = {};
  if (g(fc.nat, { max: 2 }) === 0) value.section = pick(g, FILTER_VALUES.section);
  if (g(fc.nat, { max: 3 }) === 0)
    value.entity = pick(g, [...data.entities.map((e) => e.slug), ...data.redirects, 'nobody-at-all']);
  if (g(fc.nat, { max: 3 }) === 0) value.tag = pick(g, FILTER_VALUES.tag);
  if (g(fc.nat, { max: 3 }) === 0) value.author = pick(g, FILTER_VALUES.author);
  if (g(fc.nat, { max: 2 }) === 0) value.publishedAfter = pick(g, FILTER_VALUES.time);
  if (g(fc.nat, { max: 3 }) === 0) value.publishedBefore = pick(g, FILTER_VALUES.time);
  // The public may not filter by status (FORBIDDEN), except by none.
  if (g(fc.nat, { max: 9 }) === 0) value.status = pick(g, [[], ['DRAFT'], ['PUBLISHED']]);
  switch (g(fc.nat, { max: 5 })) {
    case 0:
      return argument(
        g,
        op,
        'ArticleFilter',
        (v) => (v === null ? 'null' : JSON.stringify(v)),
        g(fc.nat, { max: 5 }) === 0 ? null : value,
      );
    default: {
      const fields = Object.entries(value).map(([key, v]) =>
        key === 'status'
          ? `status: [${(v as string[]).join(', ')}]`
          : `${key}: ${argument(g, op, key.startsWith('published') ? 'DateTime' : 'String', str, v)}`,
      );
      return `{ ${fields.join(', ')} }`;
    }
  }
}

function connectionSelection(g: Gen, op: Op, depth: number, counted = false): string {
  return many(g, 3, () => {
    switch (g(fc.nat, { max: counted ? 6 : 5 })) {
      case 6:
        return `${alias(g, 'totalCount')}totalCount`;
      case 0:
        return '__typename';
      case 1:
      case 2:
        return `pageInfo { ${many(g, 4, () => pick(g, ['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor', '__typename']))} }`;
      default:
        return `edges { ${many(g, 3, () => (pick(g, ['cursor', '__typename', 'node', 'node']) === 'node' ? `node { ${articleSelection(g, op, depth)} }` : pick(g, ['cursor', '__typename'])))} }`;
    }
  });
}

function rootSelection(g: Gen, op: Op): string {
  return many(g, 3, () => {
    switch (g(fc.nat, { max: 8 })) {
      case 0:
      case 1: {
        const bySlug = g(fc.nat, { max: 2 }) > 0;
        const value = bySlug ? pick(g, [...data.articles.map((a) => a.slug), 'no-such-article']) : articleId(g);
        const args = bySlug
          ? `slug: ${argument(g, op, 'String', str, value)}`
          : `id: ${argument(g, op, 'ID', str, value)}`;
        return `${pick(g, ['', 'a: ', 'b: '])}article(${args}) { ${articleSelection(g, op, 0)} }`;
      }
      case 2:
      case 3: {
        const first = pick(g, [undefined, null, 0, 1, 2, 3, 5, 20, 100, 101, -1]);
        const order = pick(g, [undefined, undefined, ...ARTICLE_ORDERS]);
        const after =
          g(fc.nat, { max: 3 }) === 0
            ? pick(g, [
                'garbage',
                cursorOf(pick(g, ARTICLE_ORDERS), pick(g, FILTER_VALUES.time), pick(g, data.articles).id),
              ])
            : undefined;
        const args = [
          ...(first === undefined ? [] : [`first: ${argument(g, op, 'Int', lit, first)}`]),
          ...(g(fc.boolean) ? [`filter: ${articleFilter(g, op)}`] : []),
          ...(order ? [`orderBy: ${order}`] : []),
          ...(after ? [`after: ${argument(g, op, 'String', str, after)}`] : []),
        ];
        // Different arguments need different response keys.
        const key =
          args.length > 0 ? `l${op.definitions.length}${g(fc.nat, { max: 999 })}: ` : pick(g, ['', 'l: ', 'm: ']);
        return `${key}articles${args.length ? `(${args.join(', ')})` : ''} { ${connectionSelection(g, op, 0, true)} }`;
      }
      case 4:
      case 5: {
        const ref = entityRef(g);
        const args =
          ref.slug !== undefined
            ? `slug: ${argument(g, op, 'String', str, ref.slug)}`
            : `id: ${argument(g, op, 'ID', str, ref.id)}`;
        return `${pick(g, ['', 'e: ', 'f: '])}entity(${args}) { ${entitySelection(g, op, 0)} }`;
      }
      case 6: {
        const term = pick(g, [
          'harbour',
          'Port Vale',
          'Vance OR Quill',
          '"spoke about"',
          'harbour -Lisbon',
          'left',
          '  Monday ',
          'zzzz',
          '',
          'ü',
          'x'.repeat(300),
        ]);
        const first = pick(g, [undefined, null, 0, 1, 2, 5, 20, 101]);
        const args = `query: ${argument(g, op, 'String!', str, term)}${first === undefined ? '' : `, first: ${argument(g, op, 'Int', lit, first)}`}`;
        return `${pick(g, ['', 's: ', 't: '])}search(${args}) { ${searchSelection(g, op)} }`;
      }
      case 7:
        if (g(fc.boolean)) return '__typename';
        return `${pick(g, ['', 'n: ', 'o: '])}entities${entitiesArguments(g, op)} { ${many(g, 3, () =>
          pick(g, [
            'totalCount',
            `pageInfo { ${many(g, 3, () => pick(g, ['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor']))} }`,
            `edges { cursor node { ${entitySelection(g, op, 1)} } }`,
          ]),
        )} }`;
      default:
        return '__typename';
    }
  });
}

/** `entities`' arguments: kinds, prefixes (LIKE's wildcards included), sizes and cursors, valid or not. */
function entitiesArguments(g: Gen, op: Op): string {
  const args: string[] = [];
  if (g(fc.boolean)) args.push(`first: ${argument(g, op, 'Int', lit, pick(g, [null, 0, 1, 2, 5, 101]))}`);
  if (g(fc.nat, { max: 2 }) === 0) args.push(`kind: ${argument(g, op, 'EntityKind', lit, pick(g, ENTITY_KINDS))}`);
  if (g(fc.nat, { max: 2 }) === 0)
    args.push(`nameStartsWith: ${argument(g, op, 'String', str, pick(g, ['a', 'P', 'port v', '%', '_', 'zo', '']))}`);
  if (g(fc.nat, { max: 3 }) === 0) {
    const cursor = pick(g, [
      'garbage',
      Buffer.from(
        JSON.stringify(['entity', pick(g, ['B', 'Cora', 'Port Vale', '']), pick(g, data.entities).id]),
      ).toString('base64url'),
    ]);
    args.push(`after: ${argument(g, op, 'String', str, cursor)}`);
  }
  return args.length ? `(${args.join(', ')})` : '';
}

function searchSelection(g: Gen, op: Op): string {
  return many(g, 3, () => {
    switch (g(fc.nat, { max: 5 })) {
      case 0:
        return '__typename';
      case 1:
        return `pageInfo { ${many(g, 4, () => pick(g, ['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor', '__typename']))} }`;
      default: {
        const node = () =>
          `node { ${many(g, 3, () => (pick(g, ['rank', '__typename', 'article', 'article']) === 'article' ? `article { ${articleSelection(g, op, 1)} }` : pick(g, ['rank', '__typename'])))} }`;
        return `edges { ${many(g, 3, () => (pick(g, ['cursor', '__typename', 'node', 'node']) === 'node' ? node() : pick(g, ['cursor', '__typename'])))} }`;
      }
    }
  });
}

function randomRequest(g: Gen): string {
  const op: Op = { variables: {}, definitions: [], fragments: [] };
  const selection = rootSelection(g, op);
  const named = op.definitions.length > 0 || g(fc.boolean);
  const query = `${named ? `query Fuzz${op.definitions.length ? `(${op.definitions.join(', ')})` : ''} ` : ''}{ ${selection} }\n${op.fragments.join('\n')}`;
  const params: Record<string, unknown> = { query };
  if (named && g(fc.boolean)) params.operationName = 'Fuzz';
  else if (g(fc.nat, { max: 3 }) === 0) params.operationName = null;
  if (Object.keys(op.variables).length > 0 || g(fc.boolean)) params.variables = op.variables;
  return JSON.stringify(params);
}

describe('compiled reads against the executor, on random operations and data', () => {
  it('answers byte for byte as the executor does', async () => {
    let runs = 0;
    let viaCompiled = 0;
    await fc.assert(
      fc.asyncProperty(fc.gen(), async (g) => {
        runs += 1;
        const edit = g(fc.nat, { max: 2 }) === 0 ? await editData(g) : 'nothing';
        const body = randomRequest(g);
        const answers = await both(body);
        if (answers.viaCompiled) viaCompiled += 1;
        expect(answers.actual, `${body}\nafter editing ${edit}`).toEqual(answers.expected);
      }),
      {
        numRuns: Number(process.env.FUZZ_RUNS ?? 150),
        seed: Number(process.env.FUZZ_SEED ?? 20261203),
        endOnFailure: true,
      },
    );
    // Most of the generated operations must really be answered compiled, or this proves nothing.
    if (process.env.FUZZ_VERBOSE) console.log(`${viaCompiled} of ${runs} answered compiled`);
    expect(viaCompiled / runs).toBeGreaterThan(0.4);
  }, 60_000);
});

describe('article filters, orders, cursors and totalCount in one statement, forwards against backwards', () => {
  // The executor reads `articles` through the declarations too (runtime mode), forwards and
  // backwards. The list walked forwards in pages, page after page by `after`, must be the whole
  // list read backwards (`last: 50` of the same list: the rows read in the reverse order, the
  // other side's cursor bounds), cursors, totalCount and errors included, each page one statement.
  // (The backwards list was the loaders' until the declarations served `last`.)
  it('lists, pages and counts as the list read backwards does, on random filters, orders and data', async () => {
    const seen = { lists: 0, nonEmpty: 0, pages: 0, errors: 0 };
    await fc.assert(
      fc.asyncProperty(fc.gen(), async (g) => {
        const edit = g(fc.nat, { max: 2 }) === 0 ? await editData(g) : 'nothing';
        const op: Op = { variables: {}, definitions: [], fragments: [] };
        const filter = articleFilter(g, op);
        const order = pick(g, ARTICLE_ORDERS);
        const size = g(fc.integer, { min: 1, max: 4 });
        const definitions = ['$after: String', ...op.definitions].join(', ');
        const list = (page: string) =>
          `query Filtered(${definitions}) { articles(${page}, filter: ${filter}, orderBy: ${order}) { totalCount edges { cursor node { slug } } pageInfo { hasNextPage hasPreviousPage } } }`;
        const read = async (query: string, after: string | null) =>
          JSON.parse((await raw(reference, JSON.stringify({ query, variables: { ...op.variables, after } }))).text);
        const whole = await read(list('last: 50, after: $after'), null);
        // A page that selects only the count: one row, however many the page has.
        const countOnly = JSON.parse(
          (
            await raw(
              reference,
              JSON.stringify({
                query: `query Counted(${definitions}) { articles(first: ${size}, after: $after, filter: ${filter}, orderBy: ${order}) { totalCount } }`,
                variables: { ...op.variables, after: null },
              }),
            )
          ).text,
        );
        if (!whole.errors)
          expect(countOnly, list('count only')).toEqual({
            data: { articles: { totalCount: whole.data.articles.totalCount } },
          });
        const what = `${list(`first: ${size}, after: $after`)} ${JSON.stringify(op.variables)} after editing ${edit}`;
        let after: string | null = null;
        const edges: unknown[] = [];
        for (let page = 0; ; page += 1) {
          const statements = database.stats.statements;
          const answer = await read(list(`first: ${size}, after: $after`), after);
          const viaDeclarations = database.stats.statements - statements;
          if (whole.errors) {
            seen.errors += 1;
            expect(
              answer.errors?.map((e: { extensions: unknown }) => e.extensions),
              what,
            ).toEqual(whole.errors.map((e: { extensions: unknown }) => e.extensions));
            return;
          }
          expect(answer.errors, what).toBeUndefined();
          expect(viaDeclarations, `${what} page ${page}`).toBe(1);
          const { totalCount, edges: pageEdges, pageInfo } = answer.data.articles;
          expect(totalCount, what).toBe(whole.data.articles.totalCount);
          expect(pageInfo.hasPreviousPage, what).toBe(after !== null);
          edges.push(...pageEdges);
          seen.pages += 1;
          if (!pageInfo.hasNextPage) break;
          after = pageEdges.at(-1).cursor;
        }
        expect(edges, what).toEqual(whole.data.articles.edges);
        seen.lists += 1;
        if (edges.length > 0) seen.nonEmpty += 1;
      }),
      {
        numRuns: Number(process.env.FUZZ_RUNS ?? 150),
        seed: Number(process.env.FUZZ_SEED ?? 20261203),
        endOnFailure: true,
      },
    );
    // Enough of the lists had articles and pages, and some were refused, or this proves little.
    if (process.env.FUZZ_VERBOSE) console.log(seen);
    expect(seen.nonEmpty).toBeGreaterThan(seen.lists / 3);
    expect(seen.pages).toBeGreaterThan(seen.lists * 1.5);
    expect(seen.errors).toBeGreaterThan(0);
  }, 120_000);
});

describe('article cursors at microseconds', () => {
  // Three articles within one millisecond, and a fourth in it too with the same microsecond as the
  // third (the id decides): paging by one reaches each, forwards and backwards, on both paths. With
  // cursors at milliseconds, `after` skipped those of the cursor's millisecond that sort after it.
  it('page through rows of one millisecond without skipping any, and still read cursors at milliseconds', async () => {
    const own = await createTestDatabase();
    const times = ['.123100', '.123200', '.123300', '.123300'];
    for (const [i, fraction] of times.entries())
      await createArticle(own.db, { slug: `same-ms-${i}`, publishedAt: `2026-03-01T10:00:00${fraction.slice(0, 4)}Z` });
    for (const [i, fraction] of times.entries())
      await sql`update articles set published_at = ${`2026-03-01 10:00:00${fraction}+00`}::timestamptz, updated_at = ${`2026-03-02 10:00:00${fraction}+00`}::timestamptz where slug = ${`same-ms-${i}`}`.execute(
        own.db,
      );
    const servers: Pair = {
      reference: await listenHttp(
        createApp({ db: own.db, compiledReads: false, httpPlugins: { logger: quietLogger } }),
      ),
      ...(await (async () => {
        const on = createApp({ db: own.db, httpPlugins: { logger: quietLogger } });
        return {
          compiled: await listenHttp(on),
          reads: (on as unknown as { compiledReads: CompiledReads }).compiledReads,
        };
      })()),
    };
    const read = async (query: string, variables: Record<string, unknown>) => {
      const answers = await both(JSON.stringify({ query, variables }), undefined, servers);
      expect(answers.actual, query).toEqual(answers.expected);
      expect(answers.viaCompiled, query).toBe(true);
      return JSON.parse(answers.actual.text).data.articles;
    };
    for (const order of ARTICLE_ORDERS) {
      const forwards = `query($after: String) { articles(first: 1, after: $after, orderBy: ${order}) { edges { cursor node { slug } } pageInfo { hasNextPage endCursor } } }`;
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: any = await read(forwards, { after });
        seen.push(...page.edges.map((e: any) => e.node.slug));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      const ascending = order === 'PUBLISHED_AT_ASC';
      const expected = ascending
        ? ['same-ms-0', 'same-ms-1', 'same-ms-2', 'same-ms-3']
        : ['same-ms-3', 'same-ms-2', 'same-ms-1', 'same-ms-0'];
      expect(seen, order).toEqual(expected);
      const backwards = `query($before: String) { articles(last: 1, before: $before, orderBy: ${order}) { edges { node { slug } } pageInfo { hasPreviousPage startCursor } } }`;
      const back: string[] = [];
      let before: string | null = null;
      for (;;) {
        const page: any = await read(backwards, { before });
        back.unshift(...page.edges.map((e: any) => e.node.slug));
        if (!page.pageInfo.hasPreviousPage) break;
        before = page.pageInfo.startCursor;
      }
      expect(back, order).toEqual(expected);
    }
    // A cursor written at milliseconds (before this change) still reads: past that millisecond's
    // start, newest first, it is every row of it.
    const id = (await sql<{ id: number }>`select min(id) as id from articles`.execute(own.db)).rows[0]!.id;
    const old = Buffer.from(JSON.stringify(['article:PUBLISHED_AT_ASC', '2026-03-01T10:00:00.123Z', id])).toString(
      'base64url',
    );
    const page: any = await read(
      'query($after: String) { articles(first: 10, after: $after, orderBy: PUBLISHED_AT_ASC) { edges { node { slug } } } }',
      { after: old },
    );
    expect(page.edges.map((e: any) => e.node.slug)).toEqual(['same-ms-0', 'same-ms-1', 'same-ms-2', 'same-ms-3']);
    // A cursor at microseconds of no such day is INVALID_CURSOR, not a database error.
    const bad = Buffer.from(JSON.stringify(['article:PUBLISHED_AT_ASC', '2026-02-30T10:00:00.123456Z', id])).toString(
      'base64url',
    );
    const refused = await both(
      JSON.stringify({ query: `{ articles(first: 1, after: ${JSON.stringify(bad)}) { totalCount } }` }),
      undefined,
      servers,
    );
    expect(refused.actual).toEqual(refused.expected);
    expect(JSON.parse(refused.actual.text).errors[0].extensions.code).toBe('INVALID_CURSOR');
  }, 60_000);
});

describe('compiled reads over HTTP: headers and bodies as the executor has them', () => {
  const query = '{ article(slug: "fuzz-0") { slug title } }';
  const json = { 'content-type': 'application/json', accept: 'application/json' };
  const cases: [string, string | Buffer, Record<string, string>][] = [
    ['no Accept', JSON.stringify({ query }), { 'content-type': 'application/json' }],
    ['Accept */*', JSON.stringify({ query }), { ...json, accept: '*/*' }],
    ['Accept application/json, */*', JSON.stringify({ query }), { ...json, accept: 'application/json, */*' }],
    ['Accept as axios sends it', JSON.stringify({ query }), { ...json, accept: 'application/json, text/plain, */*' }],
    [
      'Accept graphql-response+json',
      JSON.stringify({ query }),
      { ...json, accept: 'application/graphql-response+json' },
    ],
    ['an Origin (CORS)', JSON.stringify({ query }), { ...json, origin: 'https://example.com' }],
    ['Origin: null', JSON.stringify({ query }), { ...json, origin: 'null' }],
    [
      'a preflight header on a POST',
      JSON.stringify({ query }),
      { ...json, origin: 'https://example.com', 'access-control-request-headers': 'x-foo' },
    ],
    ['Connection: close', JSON.stringify({ query }), { ...json, connection: 'close' }],
    ['Accept-Encoding', JSON.stringify({ query }), { ...json, 'accept-encoding': 'gzip, deflate, br' }],
    ['If-None-Match', JSON.stringify({ query }), { ...json, 'if-none-match': '"abc"' }],
    ['charset', JSON.stringify({ query }), { ...json, 'content-type': 'application/json; charset=UTF-8' }],
    [
      'charset without a space',
      JSON.stringify({ query }),
      { ...json, 'content-type': 'application/json;charset=utf-8' },
    ],
    [
      'a space before the charset',
      JSON.stringify({ query }),
      { ...json, 'content-type': 'application/json ;  charset=UTF-8' },
    ],
    ['upper-case media type', JSON.stringify({ query }), { ...json, 'content-type': 'Application/JSON' }],
    [
      'upper-case media type with a charset',
      JSON.stringify({ query }),
      { ...json, 'content-type': 'APPLICATION/JSON; charset=utf-8' },
    ],
    ['another charset', JSON.stringify({ query }), { ...json, 'content-type': 'application/json; charset=latin1' }],
    ['a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ query }))]), json],
    ['whitespace around the body', `\n\t ${JSON.stringify({ query })} \n`, json],
    ['operationName null', JSON.stringify({ query, operationName: null }), json],
    ['operationName ""', JSON.stringify({ query, operationName: '' }), json],
    ['variables null', JSON.stringify({ query, variables: null }), json],
    ['variables {}', JSON.stringify({ query, variables: {} }), json],
    ['an X-Request-Id', JSON.stringify({ query }), { ...json, 'x-request-id': 'abc-123' }],
    ['a bad X-Request-Id', JSON.stringify({ query }), { ...json, 'x-request-id': 'a b' }],
  ];
  // The variants yoga takes to execution, where compiled reads answer; the others are yoga's own
  // answers (its errors, or 415 for a media type it does not parse).
  const COMPILED = new Set([
    'no Accept',
    'Accept */*',
    'Accept application/json, */*',
    'Accept as axios sends it',
    'Accept graphql-response+json',
    'an Origin (CORS)',
    'Origin: null',
    'a preflight header on a POST',
    'Connection: close',
    'Accept-Encoding',
    'If-None-Match',
    'charset',
    'charset without a space',
    'another charset',
    'whitespace around the body',
    'operationName null',
    'variables null',
    'variables {}',
    'an X-Request-Id',
    'a bad X-Request-Id',
  ]);
  const configurations: [string, () => Promise<Pair>][] = [
    ['defaults', async () => ({ reference, compiled, reads })],
    ['request logs', () => pair({ httpPlugins: { logger: createLogger({ destination: { write: () => {} } }) } })],
    ['production', () => pair({ httpPlugins: { nodeEnv: 'production' } })],
    // The teaching request's compiled answer is stored by the cache, which answers the variants.
    ['response cache', () => pair({ httpPlugins: { responseCache: { ttlMs: 60_000 } } })],
  ];
  for (const [configuration, servers] of configurations) {
    describe(configuration, () => {
      let both2: Pair;
      beforeAll(async () => {
        both2 = await servers();
      });
      for (const [name, body, headers] of cases) {
        it(name, async () => {
          // Taught with the plain request first, so that the variant may be answered compiled.
          await raw(both2.compiled, JSON.stringify({ query }));
          const { expected, actual, viaCompiled } = await both(body, headers, both2);
          expect(actual).toEqual(expected);
          expect(viaCompiled).toBe(COMPILED.has(name) && configuration !== 'response cache');
        });
      }
    });
  }
});

describe('values whose text the executor writes its own way', () => {
  let edge: { id: number; slug: string };
  const page = `query Edge($slug: String!) { article(slug: $slug) { slug publishedAt createdAt updatedAt
    entities { salience entity { slug aliases } } summary(length: LONG) { text generatedAt } } }`;
  const list =
    '{ articles(first: 100) { edges { cursor node { slug publishedAt } } pageInfo { startCursor endCursor } } }';

  beforeAll(async () => {
    edge = await createArticle(database.db, {
      slug: 'edge-values',
      publishedAt: '2026-01-10T00:00:00Z',
      body: 'Ada Quill met Ben Marr in Port Vale.\n\nThey left.',
      summary: 'An editorial summary.',
      entities: [{ name: 'Edge Person', kind: 'PERSON' }],
    });
    await sql`update summaries set length = 'LONG' where article_id = ${edge.id}`.execute(database.db);
  });

  // One failing case must not leave its value behind for the next.
  afterEach(async () => {
    const db = database.db;
    await sql`update article_entities set salience = 0.5 where article_id = ${edge.id}`.execute(db);
    await sql`update articles set published_at = '2026-01-10 00:00:00+00', created_at = now(), updated_at = now() where id = ${edge.id}`.execute(
      db,
    );
    await sql`update summaries set created_at = now() where article_id = ${edge.id}`.execute(db);
    await sql`update entities set aliases = '{}' where id in (select entity_id from article_entities where article_id = ${edge.id})`.execute(
      db,
    );
    await sql`update article_entities set aliases = '{}' where article_id = ${edge.id}`.execute(db);
  });

  async function check(query: string, compiledExpected: boolean, what: string) {
    const { expected, actual, viaCompiled } = await both(JSON.stringify({ query, variables: { slug: edge.slug } }));
    expect(actual, what).toEqual(expected);
    expect(viaCompiled, what).toBe(compiledExpected);
  }

  it('saliences: plain decimals compiled, exponent forms and -0 handed over', async () => {
    for (const [salience, compiles] of [
      [0.5, true],
      [0, true],
      [0.0001, true],
      [0.123, true],
      [1, true],
      [1.5e-5, false],
      [1e-7, false],
      [-0, false],
    ] as const) {
      await sql`update article_entities set salience = ${Object.is(salience, -0) ? sql`'-0'::real` : salience} where article_id = ${edge.id}`.execute(
        database.db,
      );
      await check(page, compiles, `salience ${Object.is(salience, -0) ? '-0' : salience}`);
    }
    await sql`update article_entities set salience = 0.5 where article_id = ${edge.id}`.execute(database.db);
  });

  it('timestamps: microseconds truncated as the executor truncates them; years toISOString writes otherwise handed over', async () => {
    const cases: [string, string, boolean][] = [
      ['published_at', '2026-01-10 00:00:00.999999+00', true],
      ['published_at', '0500-03-01 12:00:00.0015+00', true],
      ['published_at', '0001-01-01 00:00:00+00', true],
      ['published_at', '0001-12-31 23:59:59.999+00 BC', false],
      ['published_at', '0002-06-01 00:00:00+00 BC', false],
      ['created_at', '10000-01-01 00:00:00+00', false],
      ['updated_at', '9999-12-31 23:59:59.999999+00', true],
    ];
    for (const [column, value, compiles] of cases) {
      await sql`update articles set ${sql.ref(column)} = ${value}::timestamptz where id = ${edge.id}`.execute(
        database.db,
      );
      await check(page, compiles, `${column} ${value}`);
      if (column === 'published_at') await check(list, compiles, `list with ${column} ${value}`);
      await sql`update articles set published_at = '2026-01-10 00:00:00+00', created_at = now(), updated_at = now() where id = ${edge.id}`.execute(
        database.db,
      );
    }
    await sql`update summaries set created_at = '0044-03-15 12:00:00+00 BC' where article_id = ${edge.id}`.execute(
      database.db,
    );
    await check(page, false, 'generatedAt BC');
    await sql`update summaries set created_at = now() where article_id = ${edge.id}`.execute(database.db);
  });

  // The public's aliases are those a visible mention used (src/db/queries/entities.ts), built by
  // array() over unnest: one-dimensional and without nulls whatever is stored, on both paths.
  it('aliases: the public ones, compiled alike whatever the stored array holds', async () => {
    const { id: entity, slug } = (
      await sql<{
        id: number;
        slug: string;
      }>`select e.id, e.slug from article_entities ae join entities e on e.id = ae.entity_id
        where ae.article_id = ${edge.id} order by e.id limit 1`.execute(database.db)
    ).rows[0]!;
    for (const [aliases, shown] of [
      ["'{}'", []],
      ["array['', 'a\"b', 'ü']", ['', 'a"b', 'ü']],
      ["array['a', null]", ['a']],
      ["'{{a,b},{c,d}}'", ['a', 'b', 'c', 'd']],
    ] as const) {
      await sql`update entities set aliases = ${sql.raw(aliases)}::text[] where id = ${entity}`.execute(database.db);
      await sql`update article_entities set aliases = ${sql.raw(aliases)}::text[] where entity_id = ${entity}`.execute(
        database.db,
      );
      await check(page, true, `aliases ${aliases}`);
      const { actual } = await both(JSON.stringify({ query: page, variables: { slug: edge.slug } }));
      const mentions = JSON.parse(actual.text).data.article.entities as {
        entity: { slug: string; aliases: string[] };
      }[];
      expect(mentions.find((m) => m.entity.slug === slug)?.entity.aliases, `aliases ${aliases}`).toEqual(shown);
    }
    await sql`update entities set aliases = '{}' where id = ${entity}`.execute(database.db);
    await sql`update article_entities set aliases = '{}' where entity_id = ${entity}`.execute(database.db);
  });
});

describe('what compiled reads leave to the executor', () => {
  it('global ids: whatever the executor accepts, the compiled answer is the same', async () => {
    const { id } = data.articles[0]!;
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    const ids = [
      globalId('Article', id),
      b64(`Article:${id}`).replace(/=+$/, ''),
      Buffer.from(`Article:${id}`).toString('base64url'),
      b64(`Article:0${id}`),
      b64(`Article:00${id}`),
      b64(`Article:${id}.0`),
      b64(`Article:${id}e0`),
      b64(`Article: ${id} `),
      b64(`Article:+${id}`),
      b64(`Article:0x${id}`),
      b64('Article:0'),
      b64('Article:-1'),
      b64('Article:'),
      b64('Article:9007199254740993'),
      b64(`Article:${id}:x`),
      b64(`article:${id}`),
      b64(`Entity:${id}`),
      ` ${globalId('Article', id)} `,
      `${globalId('Article', id)}\n`,
      'not-an-id',
      '',
    ];
    for (const value of ids) {
      for (const query of [
        'query($id: ID) { article(id: $id) { slug } }',
        'query($id: ID) { entity(id: $id) { slug } }',
      ]) {
        const { expected, actual } = await both(JSON.stringify({ query, variables: { id: value } }));
        expect(actual, `${query} ${JSON.stringify(value)}`).toEqual(expected);
      }
    }
  });

  it('a cost over the limit counted as useLimits counts it: a defaulted page size as the largest page', async () => {
    const query = `query Costly($n: Int = 2) { articles(first: $n) { edges { node { slug entities { entity { slug articles(first: $n) { edges { node { slug } } } } } } } } }`;
    for (const variables of [{}, { n: 2 }]) {
      const { expected, actual, viaCompiled } = await both(JSON.stringify({ query, variables }));
      expect(actual).toEqual(expected);
      expect(viaCompiled).toBe('n' in variables);
    }
    expect(JSON.parse((await raw(compiled, JSON.stringify({ query }))).text).errors[0].extensions.code).toBe(
      'QUERY_TOO_COMPLEX',
    );
  });

  it('with the response cache on, the cache stores the compiled answer, tagged with the articles in it; a POST has no validators', async () => {
    const servers = await pair({ httpPlugins: { responseCache: { ttlMs: 60_000 } } });
    const json = { 'content-type': 'application/json' };
    const article = data.articles.find((a) => a.slug === 'fuzz-1')!;
    const body = JSON.stringify({ query: '{ article(slug: "fuzz-1") { slug title entities { entity { name } } } }' });
    const before = servers.reads.stats.executed;
    const first = comparable(await raw(servers.compiled, body, json));
    expect(servers.reads.stats.executed - before).toBe(1);
    expect(first).toEqual(comparable(await raw(servers.reference, body, json)));
    // Conditional requests and their validators are GET's (tests/caching.test.ts, both paths).
    expect(first.headers).toMatchObject({
      'cache-control': 'no-store',
      vary: 'Accept, Authorization, Broadsheet-Preview, Origin',
    });
    expect(first.headers).not.toHaveProperty('etag');
    expect(first.headers).not.toHaveProperty('last-modified');
    // The cache answers the same request; it tagged the entry with the article, so dropping that
    // article sends the next one to the compiled statement again.
    expect(comparable(await raw(servers.compiled, body, json))).toEqual(first);
    expect(servers.reads.stats.executed - before).toBe(1);
    await servers.app!.ops.invalidation.invalidateArticles([article.id]);
    expect(comparable(await raw(servers.compiled, body, json))).toEqual(first);
    expect(servers.reads.stats.executed - before).toBe(2);
    const conditional = await raw(servers.compiled, body, { ...json, 'if-none-match': '*' });
    expect(comparable(conditional)).toEqual(first);
    expect(servers.reads.stats.executed - before).toBe(2);
  });
});
