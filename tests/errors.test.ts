import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_BODY_BYTES_AUTHENTICATED,
  DEFAULT_RATE_LIMITS,
  loadHttpConfig,
} from '../src/config.js';
import { DateParseError, parsePublicationDate } from '../src/content/dates.js';
import { validateRecord } from '../src/content/importer.js';
import { createDatabase } from '../src/db/database.js';
import { sha256 } from '../src/http/persisted.js';
import { createLogger } from '../src/observability/logger.js';
import { createToken } from './helpers/auth.js';
import { createTestDatabase, type TestDatabase, whileLocked } from './helpers/db.js';
import { createArticle, globalId } from './helpers/factories.js';
import { appWithHttpPlugins, listenHttp } from './helpers/http.js';
import { searchArticles } from './helpers/search.js';

const quiet = createLogger({ level: 'silent' });
let database: TestDatabase;
let prod: App;
let prodUrl: string;
let dev: App;
let devUrl: string;
let editorHeaders: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  await createArticle(database.db, {
    slug: 'harbour-reopens',
    title: 'Harbour reopens',
    publishedAt: '2026-03-01T08:00:00Z',
    body: 'The harbour of Port Vale reopened.',
  });
  prod = appWithHttpPlugins(database, { nodeEnv: 'production', logger: quiet });
  prodUrl = await listenHttp(prod);
  dev = appWithHttpPlugins(database, { nodeEnv: 'development', logger: quiet });
  devUrl = await listenHttp(dev);
  editorHeaders = (await createToken(database.db, 'errors-editor', ['read:drafts'])).headers;
});

/** A response as the client sees it over HTTP. */
interface Answer {
  status: number;
  text: string;
  json: any;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * One request over a real connection, with the request target exactly as given (fetch would
 * normalise it).
 */
function raw(
  url: string,
  target: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...init.headers };
    if (init.body !== undefined) headers['content-length'] = Buffer.byteLength(init.body);
    const req = httpRequest(
      { host: hostname, port, path: target, method: init.method ?? 'GET', headers, setHost: !('host' in headers) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, text, json, headers: res.headers });
        });
      },
    );
    // A server that refuses a body may answer and close before the upload ends: the answer counts.
    let answered = false;
    req.on('response', () => {
      answered = true;
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.end(init.body);
  });
}

const ACCEPTS = ['application/graphql-response+json', 'application/json', '*/*'] as const;
type Accept = (typeof ACCEPTS)[number];

function postJson(url: string, body: unknown, accept: Accept, headers: Record<string, string> = {}): Promise<Answer> {
  return raw(url, '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function getQuery(url: string, params: Record<string, string>, accept: Accept): Promise<Answer> {
  return raw(url, `/graphql?${new URLSearchParams(params)}`, { headers: { accept } });
}

const codesOf = (answer: Answer): unknown[] =>
  (answer.json?.errors ?? []).map((e: { extensions?: { code?: unknown } }) => e.extensions?.code);

/** No stack trace and no file path in a body the server sent. */
function expectNoInternals(answer: Answer): void {
  expect(answer.text).not.toMatch(
    /\n\s+at |\bat [\w.<>]+ \(|file:\/\/|node_modules|\/work\/|\.ts:\d+|\.js:\d+|node:internal/,
  );
}

// ---------------------------------------------------------------------------------------------
// The README's "Limits and errors" section: every table row with a code and an HTTP status is
// sent to a production server under each Accept, and must be answered with that code and status.
// ---------------------------------------------------------------------------------------------

interface TableRow {
  /** The row's first cell: what it is about. */
  about: string;
  /** null for a row whose cell says "none": the answer is not GraphQL's, and carries no code. */
  code: string | null;
  /** The status for each Accept, from the HTTP cell. */
  status: Record<Accept, number>;
  cell: string;
}

/**
 * The HTTP cell: a status, optionally followed by "(… N under `application/json` and `*\/*` …)"
 * for the legacy media type's status where it differs. Anything else in the parentheses is prose.
 */
function parseStatusCell(cell: string): Record<Accept, number> {
  const main = /^(\d{3})\b/.exec(cell);
  if (!main) throw new Error(`HTTP cell without a status: "${cell}"`);
  const legacy = /(\d{3}) under `application\/json` and `\*\/\*`/.exec(cell);
  const json = Number(legacy?.[1] ?? main[1]);
  return { 'application/graphql-response+json': Number(main[1]), 'application/json': json, '*/*': json };
}

function readmeRows(): TableRow[] {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('\n## Limits and errors\n');
  expect(start).toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : readme.indexOf('\n### ', start + 1));
  const rows: TableRow[] = [];
  let header: string[] | undefined;
  for (const line of section.split('\n')) {
    if (!line.startsWith('|')) {
      header = undefined;
      continue;
    }
    const cells = line
      .slice(1, line.endsWith('|') ? -1 : undefined)
      .split('|')
      .map((c) => c.trim());
    if (!header) {
      header = cells.map((c) => c.toLowerCase());
      continue;
    }
    if (cells.every((c) => /^:?-+:?$/.test(c))) continue;
    const codeColumn = header.indexOf('code');
    const httpColumn = header.indexOf('http');
    if (codeColumn === -1 || httpColumn === -1) continue;
    const codeCell = cells[codeColumn]!;
    const code = /`([A-Z_]+)`/.exec(codeCell)?.[1] ?? (/^none\b/.test(codeCell) ? null : undefined);
    if (code === undefined) throw new Error(`row without a code (write "none: …" when there is none): ${line}`);
    rows.push({ about: cells[0]!, code, status: parseStatusCell(cells[httpColumn]!), cell: cells[httpColumn]! });
  }
  return rows;
}

type Driver = (accept: Accept) => Promise<Answer>;

/** A request for each row, found by the row's first cell and code. */
const drivers: { row: RegExp; code: string | null; send: Driver }[] = [];
const drive = (row: RegExp, code: string | null, send: Driver) => drivers.push({ row, code, send });

const nest = (levels: number) => {
  let inner = 'title';
  for (let i = 0; i < levels; i += 1) inner = `relatedArticles(first: 1) { ${inner} }`;
  return `{ article(slug: "harbour-reopens") { ${inner} } }`;
};

drive(/^depth/, 'QUERY_TOO_DEEP', (accept) => postJson(prodUrl, { query: nest(12) }, accept));
drive(/^aliases/, 'TOO_MANY_ALIASES', (accept) =>
  postJson(
    prodUrl,
    { query: `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: article(slug: "x") { title }`).join(' ')} }` },
    accept,
  ),
);
drive(/^directives/, 'TOO_MANY_DIRECTIVES', (accept) =>
  postJson(prodUrl, { query: `{ __typename ${'@include(if: true) '.repeat(21)} }` }, accept),
);
// Short tokens: a document of 3001 `__typename` would be refused first for its size.
drive(/^tokens/, 'TOO_MANY_TOKENS', (accept) => postJson(prodUrl, { query: `{ ${'a '.repeat(3001)} }` }, accept));
drive(/^cost/, 'QUERY_TOO_COMPLEX', (accept) =>
  postJson(
    prodUrl,
    {
      query:
        '{ articles(first: 100) { edges { node { relatedArticles(first: 20) { entities { entity { name } } } } } } }',
    },
    accept,
  ),
);
drive(/^fields written/, 'TOO_MANY_FIELDS', (accept) =>
  postJson(prodUrl, { query: `{ article(slug: "harbour-reopens") { ${'title '.repeat(500)} } }` }, accept),
);
drive(/^items of any list/, 'LIST_TOO_LONG', (accept) =>
  postJson(
    prodUrl,
    {
      query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
      variables: { ids: Array.from({ length: 101 }, (_, i) => globalId('Article', i + 1)) },
    },
    accept,
  ),
);
let frugal: string | undefined;
let frugalDocuments = 0;
drive(/^SQL statements one query runs/, 'TOO_MANY_STATEMENTS', async (accept) => {
  // The same limit, lowered to one statement so that three root fields exceed it.
  frugal ??= await listenHttp(
    appWithHttpPlugins(database, { nodeEnv: 'production', logger: quiet, limits: { maxStatements: 1 } }),
  );
  // A new document each time: a document seen before may be answered by one compiled statement.
  // A directive makes the operation the executor's, which runs a statement per root field.
  frugalDocuments += 1;
  return postJson(
    frugal,
    {
      query: `query Frugal${frugalDocuments} { article(slug: "harbour-reopens") { slug } search(query: "harbour") @include(if: true) { edges { cursor } } entities(first: 1) { totalCount } }`,
    },
    accept,
  );
});
drive(/^`query` without `Authorization`/, 'DOCUMENT_TOO_LARGE', (accept) =>
  postJson(prodUrl, { query: `{ __typename } #${'x'.repeat(20_000)}` }, accept),
);
let hurried: string | undefined;
drive(/^receiving a request/, 'BAD_REQUEST', async (accept) => {
  // The server `npm start` makes, with the shortest timeouts the configuration takes; the body
  // announced is never finished, so node answers once HTTP_REQUEST_TIMEOUT_MS has passed.
  hurried ??= await listenHttp(
    prod,
    loadHttpConfig({ HTTP_REQUEST_TIMEOUT_MS: '1000', HTTP_HEADERS_TIMEOUT_MS: '1000' }),
  );
  const { hostname, port } = new URL(hurried);
  const text = await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(port), hostname, () =>
      socket.write(
        `POST /graphql HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nAccept: ${accept}\r\nContent-Length: 1000\r\n\r\n{"query":"{ __typ`,
      ),
    );
    let received = '';
    socket.on('data', (chunk) => (received += chunk));
    socket.on('error', reject);
    // The server, not this side, ends the connection.
    socket.on('close', () => resolve(received));
  });
  const [head = '', body = ''] = text.split('\r\n\r\n');
  return {
    status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0),
    text,
    json: body ? JSON.parse(body) : undefined,
    headers: {},
  };
});
// Node refuses it before any GraphQL is read (431), with the JSON error src/http-server.ts writes.
drive(/^request line and headers/, 'REQUEST_TOO_LARGE', (accept) =>
  getQuery(prodUrl, { query: `{ __typename } #${'x'.repeat(20_000)}` }, accept),
);
let terse: string | undefined;
drive(/^answer of a query as JSON/, 'RESPONSE_TOO_LARGE', async (accept) => {
  // The same limit, lowered so that one short article's body exceeds it.
  terse ??= await listenHttp(
    appWithHttpPlugins(database, { nodeEnv: 'production', logger: quiet, limits: { maxResponseBytes: 60 } }),
  );
  return postJson(terse, { query: '{ article(slug: "harbour-reopens") { title body } }' }, accept);
});
drive(/^operations in a batch/, 'TOO_MANY_OPERATIONS', (accept) =>
  postJson(
    prodUrl,
    Array.from({ length: 11 }, () => ({ query: '{ __typename }' })),
    accept,
  ),
);
drive(/^request body without `Authorization`/, 'REQUEST_TOO_LARGE', (accept) =>
  postJson(
    prodUrl,
    { query: '{ __typename }', extensions: { padding: 'x'.repeat(DEFAULT_MAX_BODY_BYTES + 20_000) } },
    accept,
  ),
);
drive(/^any request body/, 'REQUEST_TOO_LARGE', async (accept) => {
  // Through app.fetch: over a socket the server stops reading at the limit and closes, and the
  // client, still uploading, may get a reset before it reads the 413.
  const huge = new TextEncoder().encode(
    JSON.stringify({
      query: '{ __typename }',
      extensions: { padding: 'x'.repeat(DEFAULT_MAX_BODY_BYTES_AUTHENTICATED + 100_000) },
    }),
  );
  const body = new ReadableStream({
    start(controller) {
      for (let i = 0; i < huge.length; i += 65_536) controller.enqueue(huge.slice(i, i + 65_536));
      controller.close();
    },
  });
  const response = await prod.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept, ...editorHeaders },
    body,
    duplex: 'half',
  } as RequestInit);
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text), headers: {} };
});
drive(/^variables \(as JSON\) without `Authorization`/, 'VARIABLES_TOO_LARGE', (accept) =>
  postJson(
    prodUrl,
    { query: 'query($s: String!) { article(slug: $s) { title } }', variables: { s: 'x'.repeat(20_001) } },
    accept,
  ),
);
let roomy: string | undefined;
drive(/^variables with `Authorization`/, 'VARIABLES_TOO_LARGE', async (accept) => {
  // Over 2 MB of variables needs a body limit over 2 MB: the same limit, on a server that reads such bodies.
  roomy ??= await listenHttp(
    appWithHttpPlugins(database, { nodeEnv: 'production', logger: quiet, maxBodyBytesAuthenticated: 3_000_000 }),
  );
  return postJson(
    roomy,
    { query: 'query($s: String!) { article(slug: $s) { title } }', variables: { s: 'x'.repeat(2_000_001) } },
    accept,
    editorHeaders,
  );
});
/** A server whose subscription caps one held stream reaches; the refused request is the driver's. */
const streamCaps = new Map<string, string>();
async function pastStreamCap(which: 'perClient' | 'process', accept: Accept): Promise<Answer> {
  let url = streamCaps.get(which);
  if (!url) {
    const subscriptions = which === 'perClient' ? { maxPerClient: 1 } : { max: 1 };
    url = await listenHttp(appWithHttpPlugins(database, { nodeEnv: 'production', logger: quiet, subscriptions }));
    streamCaps.set(which, url);
    const held = new AbortController();
    afterAll(() => held.abort());
    const stream = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { articlePublished { title } }' }),
      signal: held.signal,
    });
    expect(stream.status).toBe(200);
  }
  return postJson(url, { query: 'subscription { articlePublished { title } }' }, accept);
}
drive(/^subscription streams open per client/, 'TOO_MANY_SUBSCRIPTIONS', (accept) =>
  pastStreamCap('perClient', accept),
);
drive(/^subscription streams open in the process/, 'TOO_MANY_SUBSCRIPTIONS', (accept) =>
  pastStreamCap('process', accept),
);
let limited: string | undefined;
drive(/^rate limits/, 'RATE_LIMITED', async (accept) => {
  if (!limited) {
    // A bucket of one point that takes hours to refill: the first request spends it.
    const rateLimits = {
      ...DEFAULT_RATE_LIMITS,
      policies: { ...DEFAULT_RATE_LIMITS.policies, anonymous: { burst: 1, refillPerSecond: 0.0001 } },
    };
    limited = await listenHttp(appWithHttpPlugins(database, { nodeEnv: 'production', logger: quiet, rateLimits }));
    expect((await postJson(limited, { query: '{ __typename }' }, accept)).status).toBe(200);
  }
  return postJson(limited, { query: '{ __typename }' }, accept);
});
drive(/^`first`\/`last`/, 'PAGINATION_LIMIT_EXCEEDED', (accept) =>
  postJson(prodUrl, { query: '{ articles(first: 101) { totalCount } }' }, accept),
);
drive(/^`relatedArticles\(first:\)`/, 'BAD_USER_INPUT', (accept) =>
  postJson(prodUrl, { query: '{ article(slug: "harbour-reopens") { relatedArticles(first: 21) { title } } }' }, accept),
);
// Whatever the client would take: the request names only HTML.
drive(/^an `Accept` that names no media type/, 'NOT_ACCEPTABLE', () =>
  raw(prodUrl, `/graphql?${new URLSearchParams({ query: '{ __typename }' })}`, { headers: { accept: 'text/html' } }),
);
drive(/^body is not JSON/, 'BAD_REQUEST', (accept) => postJson(prodUrl, '{"query": "{ __typename }"', accept));
drive(/^POST that is not `application\/json`/, 'UNSUPPORTED_MEDIA_TYPE', (accept) =>
  raw(prodUrl, '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'text/plain', accept },
    body: '{"query":"{ __typename }"}',
  }),
);
drive(/^mutation over GET/, 'BAD_REQUEST', (accept) => getQuery(prodUrl, { query: 'mutation { __typename }' }, accept));
drive(/^syntax error/, 'GRAPHQL_PARSE_FAILED', (accept) =>
  postJson(prodUrl, { query: '{ article(slug: "x") { title }' }, accept),
);
drive(/^unknown field/, 'GRAPHQL_VALIDATION_FAILED', (accept) => postJson(prodUrl, { query: '{ nope }' }, accept));
drive(/^`operationName` not in the document/, 'OPERATION_RESOLUTION_FAILURE', (accept) =>
  postJson(prodUrl, { query: 'query A { __typename }', operationName: 'B' }, accept),
);
drive(/^`__schema` in production/, 'INTROSPECTION_DISABLED', (accept) =>
  postJson(prodUrl, { query: '{ __schema { queryType { name } } }' }, accept),
);
drive(/^APQ hash unknown/, 'PERSISTED_QUERY_NOT_FOUND', (accept) =>
  postJson(
    prodUrl,
    { extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ unknownToThisServer: __typename }') } } },
    accept,
  ),
);
drive(/^APQ hash does not match/, 'PERSISTED_QUERY_HASH_MISMATCH', (accept) =>
  postJson(
    prodUrl,
    {
      query: '{ __typename }',
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ other: __typename }') } },
    },
    accept,
  ),
);
let trusted: string | undefined;
drive(/^trusted-documents mode/, 'PERSISTED_QUERY_ONLY', async (accept) => {
  trusted ??= await listenHttp(
    appWithHttpPlugins(database, {
      nodeEnv: 'production',
      logger: quiet,
      trustedDocuments: new Map([[sha256('{ __typename }'), '{ __typename }']]),
    }),
  );
  return postJson(trusted, { query: '{ article(slug: "harbour-reopens") { title } }' }, accept);
});
let down: string | undefined;
drive(/^database down/, 'DATABASE_UNAVAILABLE', async (accept) => {
  if (!down) {
    // Nothing listens on port 1: every connection is refused, as when the database is down.
    const nowhere = createDatabase('postgres://broadsheet@127.0.0.1:1/nowhere', { poolMax: 1 });
    afterAll(() => nowhere.close());
    down = await listenHttp(
      createApp({ db: nowhere.db, httpPlugins: { nodeEnv: 'production', pool: nowhere.pool, logger: quiet } }),
    );
  }
  return postJson(down, { query: '{ article(slug: "harbour-reopens") { title } }' }, accept);
});
let impatient: string | undefined;
drive(/^a statement ran past/, 'STATEMENT_TIMEOUT', async (accept) => {
  if (!impatient) {
    const handle = createDatabase(database.url, { poolMax: 2, statementTimeoutMs: 200 });
    afterAll(() => handle.close());
    impatient = await listenHttp(createApp({ db: handle.db, httpPlugins: { nodeEnv: 'production', logger: quiet } }));
  }
  // A query waiting on a lock runs until the statement timeout cancels it.
  return whileLocked(database.url, 'articles', () =>
    postJson(impatient!, { query: '{ articles(first: 1) { totalCount } }' }, accept, {
      authorization: editorHeaders.authorization!,
    }),
  );
});
drive(/^request target that is not a path/, 'BAD_REQUEST', (accept) => raw(prodUrl, '*', { headers: { accept } }));
drive(/^a value PostgreSQL cannot take/, 'BAD_USER_INPUT', (accept) =>
  postJson(prodUrl, { query: '{ article(slug: "a\\u0000b") { title } }' }, accept),
);
let broken: { url: string; headers: Record<string, string> } | undefined;
async function brokenServer(): Promise<NonNullable<typeof broken>> {
  if (!broken) {
    // A database that lost columns the server reads: the errors are nobody's input, so they are masked.
    const lost = await createTestDatabase();
    await createArticle(lost.db, { slug: 'lost', section: 'World' });
    const { headers } = await createToken(lost.db, 'lost', ['read:drafts']);
    await lost.db.schema.alterTable('sections').renameColumn('description', 'description_lost').execute();
    await lost.db.schema.alterTable('api_tokens').renameColumn('scopes', 'scopes_lost').execute();
    broken = {
      url: await listenHttp(createApp({ db: lost.db, httpPlugins: { nodeEnv: 'production', logger: quiet } })),
      headers,
    };
  }
  return broken;
}
drive(/^anything else unexpected, in a field/, 'INTERNAL_SERVER_ERROR', async (accept) => {
  const server = await brokenServer();
  const partial = await postJson(
    server.url,
    { query: '{ __typename section(slug: "world") { description } }' },
    accept,
  );
  expect(partial.json.data).toEqual({ __typename: 'Query', section: null });
  const nulled = await postJson(server.url, { query: '{ sections { description } }' }, accept);
  expect(nulled.status).toBe(partial.status);
  expect(nulled.json.data).toBeNull();
  return partial;
});
drive(/^anything else unexpected, before execution/, 'INTERNAL_SERVER_ERROR', async (accept) => {
  const server = await brokenServer();
  return postJson(server.url, { query: '{ __typename }' }, accept, server.headers);
});

describe('the README "Limits and errors" tables', () => {
  const rows = readmeRows();

  it('lists rows that each have exactly one request here, and every request has its row', () => {
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) {
      const matching = drivers.filter((d) => d.row.test(row.about) && d.code === row.code);
      expect(
        matching.length,
        `README row "${row.about}" (${row.code}) needs exactly one request in tests/errors.test.ts`,
      ).toBe(1);
    }
    for (const driver of drivers) {
      expect(
        rows.filter((row) => driver.row.test(row.about) && driver.code === row.code).length,
        `no README row for ${driver.row} ${driver.code}`,
      ).toBe(1);
    }
  });

  it.each(rows.map((row) => [`${row.code ?? 'no code'}: ${row.about.slice(0, 60)}`, row] as const))(
    'answers %s as the table says, under every Accept',
    async (_name, row) => {
      const driver = drivers.find((d) => d.row.test(row.about) && d.code === row.code);
      expect(driver, `no request for "${row.about}"`).toBeDefined();
      const seen: Record<string, unknown> = {};
      const expected: Record<string, unknown> = {};
      for (const accept of ACCEPTS) {
        const answer = await driver!.send(accept);
        seen[accept] = { status: answer.status, codes: codesOf(answer) };
        expected[accept] = {
          status: row.status[accept],
          codes: row.code === null ? [] : expect.arrayContaining([row.code]),
        };
        expectNoInternals(answer);
      }
      expect(seen, `README: "${row.cell}"`).toEqual(expected);
    },
    60_000,
  );
});

// ---------------------------------------------------------------------------------------------
// Item 9: publication dates, one parser for the API and the importer; search over any stored date.
// ---------------------------------------------------------------------------------------------

describe('publication dates', () => {
  const ACCEPTED: [string, string][] = [
    ['2026-03-19T10:00:00Z', '2026-03-19T10:00:00.000Z'],
    ['2026-03-19T12:00:00+02:00', '2026-03-19T10:00:00.000Z'],
    ['2026-03-19t10:00:00.123456789z', '2026-03-19T10:00:00.123Z'],
    ['2024-02-29T00:00:00-00:00', '2024-02-29T00:00:00.000Z'],
    ['1000-01-01T00:00:00Z', '1000-01-01T00:00:00.000Z'],
    ['1985-03-01T08:00:00Z', '1985-03-01T08:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
  ];
  const REFUSED = [
    '0000-01-01T00:00:00Z', // year 0
    '0026-03-19T10:00:00Z', // a typo for 2026
    '2025-02-30T00:00:00Z', // not on the calendar (Date would make it March 2)
    '2023-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '1000-01-01T00:30:00+01:00', // 999 in UTC
    '9999-12-31T23:00:00-02:00', // 10000 in UTC
    '2026-03-19T10:00Z', // no seconds
    '2026-03-19T24:00:00Z',
    '2016-12-31T23:59:60Z', // a leap second
    '2026-03-19T10:00:00+24:00',
    '2026-03-19T10:00:00', // no offset
    '+002026-03-19T10:00:00Z',
    '2026-03-19 10:00:00Z',
    'yesterday',
  ];

  it('are accepted and refused alike by the DateTime scalar and the importer', async () => {
    const query = 'query($at: DateTime!) { articles(first: 1, filter: { publishedAfter: $at }) { totalCount } }';
    for (const [text, iso] of ACCEPTED) {
      const api = await postJson(prodUrl, { query, variables: { at: text } }, 'application/graphql-response+json');
      expect(api.json.errors, text).toBeUndefined();
      expect(validateRecord({ title: 't', body: 'b', publishedAt: text }).publishedAt?.toISOString(), text).toBe(iso);
      expect(parsePublicationDate(text).toISOString()).toBe(iso);
    }
    for (const text of REFUSED) {
      const api = await postJson(prodUrl, { query, variables: { at: text } }, 'application/graphql-response+json');
      expect(api.status, text).toBe(400);
      expect(codesOf(api), text).toEqual(['BAD_USER_INPUT']);
      expect(api.json.errors[0].message, text).toContain('ISO 8601');
      const inline = await postJson(
        prodUrl,
        { query: `{ articles(first: 1, filter: { publishedAfter: ${JSON.stringify(text)} }) { totalCount } }` },
        'application/graphql-response+json',
      );
      expect(codesOf(inline), text).toEqual(['BAD_USER_INPUT']);
      expect(() => validateRecord({ title: 't', body: 'b', publishedAt: text }), text).toThrow(
        '"publishedAt" must be an ISO 8601 date or date-time',
      );
      expect(() => parsePublicationDate(text), text).toThrow(DateParseError);
    }
  });

  it('lets the importer write a bare date as midnight UTC, under the same calendar rules', () => {
    expect(validateRecord({ title: 't', body: 'b', publishedAt: '2024-02-29' }).publishedAt?.toISOString()).toBe(
      '2024-02-29T00:00:00.000Z',
    );
    for (const text of ['2025-02-30', '0000-01-01', '0999-12-31', '2026-3-1']) {
      expect(() => validateRecord({ title: 't', body: 'b', publishedAt: text }), text).toThrow('"publishedAt"');
    }
    // The API's DateTime is a date and a time: a bare date is refused there.
    expect(() => parsePublicationDate('2024-02-29')).toThrow(DateParseError);
  });

  it('keeps search working whatever the stored publication dates, for every window size and viewer', async () => {
    const archive = await createTestDatabase();
    const dates = [
      '1000-01-01T00:00:00Z',
      '1500-06-01T12:00:00Z',
      '1985-03-01T08:00:00Z',
      '1989-12-31T23:59:59Z',
      '2026-03-01T08:00:00Z',
      '9999-06-01T00:00:00Z',
    ];
    const slugs: string[] = [];
    for (const [i, at] of dates.entries()) {
      slugs.push(
        (
          await createArticle(archive.db, {
            slug: `harbour-${i}`,
            title: `Harbour ${i}`,
            publishedAt: at,
            body: `The harbour story number ${i}.`,
          })
        ).slug,
      );
    }
    // Times no parser accepts today, written by older versions or by hand, are searchable too.
    for (const [slug, at] of [
      ['harbour-bc', '4000-06-01 00:00:00+00 BC'],
      ['harbour-far', '200000-01-01 00:00:00+00'],
    ] as const) {
      await createArticle(archive.db, {
        slug,
        title: `Harbour ${slug}`,
        body: 'Another harbour story.',
        publishedAt: '2020-01-01T00:00:00Z',
      });
      await archive.db
        .updateTable('articles')
        .set({ publishedAt: at as never })
        .where('slug', '=', slug)
        .execute();
      slugs.push(slug);
    }
    const { headers } = await createToken(archive.db, 'archive-editor', ['read:drafts']);
    const future = new Set(['harbour-5', 'harbour-far']);
    const query =
      'query($after: String) { search(query: "harbour", first: 2, after: $after) { edges { node { article { slug } } } pageInfo { hasNextPage endCursor } } }';
    for (const searchRankWindow of [1, 2, 200, 0]) {
      const app = createApp({
        db: archive.db,
        searchRankWindow,
        httpPlugins: { nodeEnv: 'production', logger: quiet },
      });
      for (const [viewer, viewerHeaders] of [
        ['public', {}],
        ['editor', headers],
      ] as const) {
        const found: string[] = [];
        let after: string | null = null;
        for (let page = 0; page < 20; page += 1) {
          const response = await app.fetch('http://localhost/graphql', {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              accept: 'application/graphql-response+json',
              ...viewerHeaders,
            },
            body: JSON.stringify({ query, variables: { after } }),
          });
          const body = (await response.json()) as any;
          expect(body.errors, `window ${searchRankWindow}, ${viewer}`).toBeUndefined();
          found.push(...body.data.search.edges.map((e: any) => e.node.article.slug));
          if (!body.data.search.pageInfo.hasNextPage) break;
          after = body.data.search.pageInfo.endCursor;
        }
        const expected = viewer === 'public' ? slugs.filter((s) => !future.has(s)) : slugs;
        expect([...found].sort(), `window ${searchRankWindow}, ${viewer}`).toEqual([...expected].sort());
      }
    }
    // The statement itself, with the probes tuned to every extreme.
    for (const tuning of [
      { firstProbeArticles: 1 },
      { firstProbeArticles: 1e9 },
      { reachArticles: 0.5 },
      { reachArticles: 1e12 },
    ]) {
      const rows = await searchArticles(archive.db, {
        text: 'harbour',
        filter: {},
        includeHidden: true,
        window: 1,
        limit: 20,
        highlights: false,
        tuning,
      });
      // Windows of one article: newest first, drafts aside.
      expect(
        rows.map((r) => r.slug),
        JSON.stringify(tuning),
      ).toEqual([
        'harbour-far',
        'harbour-5',
        'harbour-4',
        'harbour-3',
        'harbour-2',
        'harbour-1',
        'harbour-0',
        'harbour-bc',
      ]);
    }
    const filtered = await postJson(
      await listenHttp(createApp({ db: archive.db, httpPlugins: { nodeEnv: 'production', logger: quiet } })),
      {
        query:
          '{ search(query: "harbour", filter: { publishedAfter: "1000-01-01T00:00:00Z", publishedBefore: "1990-01-01T00:00:00Z" }) { edges { node { article { slug } } } } }',
      },
      'application/graphql-response+json',
    );
    expect(filtered.json.data.search.edges.map((e: any) => e.node.article.slug).sort()).toEqual([
      'harbour-0',
      'harbour-1',
      'harbour-2',
      'harbour-3',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Item 11: a request at fault gets a coded 4xx, never an internal error (a 500, a stack, no code).
// ---------------------------------------------------------------------------------------------

describe('request targets', () => {
  it('serves an absolute-form target as its path, and refuses other targets with a coded 400, never a stack', async () => {
    for (const target of [
      'http://evil.example/graphql?query=%7B__typename%7D',
      'https://evil.example:8443/graphql?query=%7B__typename%7D',
    ]) {
      for (const url of [prodUrl, devUrl]) {
        const answer = await raw(url, target, { headers: { accept: 'application/graphql-response+json' } });
        expect(answer.status, target).toBe(200);
        expect(answer.json).toEqual({ data: { __typename: 'Query' } });
      }
    }
    // POSTs too, on the compiled path (the second time a document is seen) as on yoga's.
    for (let i = 0; i < 3; i += 1) {
      const answer = await raw(prodUrl, 'http://evil.example/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: '{ article(slug: "harbour-reopens") { title } }' }),
      });
      expect(answer.json).toEqual({ data: { article: { title: 'Harbour reopens' } } });
    }
    for (const [target, host] of [
      ['*', undefined],
      ['ftp://evil.example/graphql', undefined],
      ['http://[::1/graphql', undefined],
      ['http:///graphql', undefined],
      ['http://user@evil.example/graphql', undefined],
      ['/graphql?query=%7B__typename%7D', '[::1'],
    ] as const) {
      for (const url of [prodUrl, devUrl]) {
        const answer = await raw(url, target, { headers: { accept: 'application/json', ...(host ? { host } : {}) } });
        expect(answer.status, `${target} ${host ?? ''}`).toBe(400);
        expect(codesOf(answer), target).toEqual(['BAD_REQUEST']);
        expectNoInternals(answer);
      }
    }
  });
});

describe('GET parameters and operationName', () => {
  it('answers malformed JSON in GET variables or extensions with 400 BAD_REQUEST', async () => {
    for (const name of ['variables', 'extensions']) {
      for (const value of ['{x', '{"a":', 'nope', '[1,']) {
        for (const accept of ACCEPTS) {
          const answer = await getQuery(prodUrl, { query: '{ __typename }', [name]: value }, accept);
          expect(answer.status, `${name}=${value} ${accept}`).toBe(400);
          expect(codesOf(answer)).toEqual(['BAD_REQUEST']);
          expectNoInternals(answer);
        }
      }
    }
    expect(
      (await getQuery(prodUrl, { query: '{ __typename }', variables: '{}', extensions: '{}' }, 'application/json'))
        .json,
    ).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers an operationName that is not a string, however deeply nested, with 400 BAD_REQUEST', async () => {
    // With the response cache on, as in production: its key is built from the operation name.
    const cached = await listenHttp(
      appWithHttpPlugins(database, { nodeEnv: 'production', logger: quiet, responseCache: { ttlMs: 60_000 } }),
    );
    const deep = `{"query":"{ __typename }","operationName":${'['.repeat(40_000)}${']'.repeat(40_000)}}`;
    for (const url of [prodUrl, cached]) {
      // The document is known (and compiled) first.
      for (let i = 0; i < 2; i += 1)
        expect((await postJson(url, { query: '{ __typename }' }, 'application/json')).status).toBe(200);
      for (const body of [
        deep,
        { query: '{ __typename }', operationName: { a: { b: 1 } } },
        { query: '{ __typename }', operationName: 7 },
      ]) {
        for (const accept of ACCEPTS) {
          const answer = await postJson(url, body, accept);
          expect(answer.status, accept).toBe(400);
          expect(codesOf(answer)).toEqual(['BAD_REQUEST']);
          expectNoInternals(answer);
        }
      }
    }
  });
});

describe('search exclusions', () => {
  it('refuses more than 20 `-` outside words with BAD_USER_INPUT instead of an internal error', async () => {
    const query = 'query($q: String!) { search(query: $q) { edges { node { article { slug } } } } }';
    for (const q of [`${'-'.repeat(33)}harbour`, `harbour ${'- '.repeat(40)}`, `harbour ${'-x '.repeat(21)}`]) {
      // Three times: the executor, then the compiled path for a document seen before.
      for (let i = 0; i < 3; i += 1) {
        const answer = await postJson(prodUrl, { query, variables: { q } }, 'application/graphql-response+json');
        expect(
          answer.json.errors?.map((e: any) => [e.extensions.code, e.extensions.argument]),
          q,
        ).toEqual([['BAD_USER_INPUT', 'query']]);
        expect(answer.json.data).toBeNull();
      }
      const inline = await postJson(
        prodUrl,
        { query: `{ search(query: ${JSON.stringify(q)}) { totalCount } }` },
        'application/graphql-response+json',
      );
      expect(codesOf(inline)).toEqual(['BAD_USER_INPUT']);
    }
    // Up to 20 exclusions, and hyphens inside words, are searched.
    for (const q of [`harbour ${'-x '.repeat(20)}`, `harbour-${'a-'.repeat(60)}b`, 'harbour -storm']) {
      const answer = await postJson(prodUrl, { query, variables: { q } }, 'application/graphql-response+json');
      expect(answer.json.errors, q).toBeUndefined();
    }
    expect(
      (await postJson(prodUrl, { query, variables: { q: `harbour ${'-x '.repeat(20)}` } }, 'application/json')).json
        .data.search.edges,
    ).toEqual([{ node: { article: { slug: 'harbour-reopens' } } }]);
  });
});

describe('global ids', () => {
  const NODE = 'query($id: ID!) { node(id: $id) { id ... on Article { slug } } }';

  it('answers node(id:) with INVALID_ID for an id of no type, and for keys that are not canonical decimals', async () => {
    const { id } = await database.db
      .selectFrom('articles')
      .select('id')
      .where('slug', '=', 'harbour-reopens')
      .executeTakeFirstOrThrow();
    const canonical = globalId('Article', id);
    expect((await postJson(prodUrl, { query: NODE, variables: { id: canonical } }, 'application/json')).json).toEqual({
      data: { node: { id: canonical, slug: 'harbour-reopens' } },
    });
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    const malformed = [
      b64(`Nope:${id}`),
      b64(`Query:${id}`),
      b64(`ArticleConnection:${id}`),
      b64(`Article:0x${id.toString(16)}`),
      b64(`Article:+${id}`),
      b64(`Article:${id}e0`),
      b64(`Article:${id * 10}e-1`),
      b64(`Article:${id}.0`),
      b64(`Article: ${id}`),
      b64(`Article:0${id}`),
      b64(`Article:${id}:x`),
      b64('Article:'),
      b64('Article:99999999999'),
      canonical.replace(/=+$/, '') === canonical ? `${canonical}\n` : canonical.replace(/=+$/, ''),
      Buffer.from(`Article:${id}`).toString('base64url'),
      'zz',
      '',
    ];
    for (const bad of malformed) {
      if (bad === canonical) continue;
      const answer = await postJson(
        prodUrl,
        { query: NODE, variables: { id: bad } },
        'application/graphql-response+json',
      );
      expect(answer.json.data, bad).toEqual({ node: null });
      expect(
        answer.json.errors?.map((e: any) => [e.extensions?.code, e.path]),
        `${bad} (${Buffer.from(bad, 'base64').toString()})`,
      ).toEqual([['INVALID_ID', ['node']]]);
      const article = await postJson(
        prodUrl,
        { query: 'query($id: ID!) { article(id: $id) { slug } }', variables: { id: bad } },
        'application/graphql-response+json',
      );
      expect(codesOf(article), bad).toEqual(['INVALID_ID']);
    }
  });

  it('answers nodes(ids:) with every good id loaded and only the bad ones null, each with its own error', async () => {
    const article = await database.db
      .selectFrom('articles')
      .select('id')
      .where('slug', '=', 'harbour-reopens')
      .executeTakeFirstOrThrow();
    const section = await database.db.selectFrom('sections').select('id').executeTakeFirstOrThrow();
    const ids = [
      globalId('Article', article.id),
      'zz',
      globalId('Nope', 1),
      globalId('Section', section.id),
      globalId('Article', 2_147_483_647),
      Buffer.from(`Article:0x${article.id.toString(16)}`).toString('base64'),
    ];
    const answer = await postJson(
      prodUrl,
      { query: 'query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }', variables: { ids } },
      'application/graphql-response+json',
    );
    expect(answer.status).toBe(200);
    expect(answer.json.data.nodes).toEqual([
      { __typename: 'Article', id: ids[0] },
      null,
      null,
      { __typename: 'Section', id: ids[3] },
      null,
      null,
    ]);
    expect(answer.json.errors.map((e: any) => [e.extensions.code, e.path])).toEqual([
      ['INVALID_ID', ['nodes', 1]],
      ['INVALID_ID', ['nodes', 2]],
      ['INVALID_ID', ['nodes', 5]],
    ]);
  });
});

describe('readiness', () => {
  it('does not show the database address in production, only in development', async () => {
    const nowhere = createDatabase('postgres://broadsheet@127.0.0.1:1/nowhere', { poolMax: 1 });
    afterAll(() => nowhere.close());
    const production = await listenHttp(
      createApp({ db: nowhere.db, httpPlugins: { nodeEnv: 'production', logger: quiet } }),
    );
    const development = await listenHttp(
      createApp({ db: nowhere.db, httpPlugins: { nodeEnv: 'development', logger: quiet } }),
    );
    const closed = await raw(production, '/ready');
    expect(closed.status).toBe(503);
    expect(closed.json).toEqual({ status: 'unavailable', reason: 'database unreachable' });
    const open = await raw(development, '/ready');
    expect(open.status).toBe(503);
    expect(open.json.reason).toMatch(/^database unreachable: .*127\.0\.0\.1:1/);
  });
});
