/**
 * Soak test (not in CI): a production-configured server over a realistic database, hammered by
 * autocannon for a long time; reports errors, latency and the server's resident memory over time.
 *
 *   npm run soak -- --duration 600 --connections 50 --articles 3000
 *
 * Uses DATABASE_URL (an admin URL of a PostgreSQL server; default postgres://root@127.0.0.1:5432/postgres)
 * to create the database `broadsheet_soak`, and PORT (default 4202) for the server.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { generateToken, hashToken } from '../src/auth/tokens.js';
import { importNdjson } from '../src/content/importer.js';
import { syntheticArticleLines } from '../src/content/synthetic.js';
import { createDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { insertApiToken } from '../src/db/queries/tokens.js';
import { startCommand } from './start-command.js';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '600' },
    connections: { type: 'string', default: '50' },
    articles: { type: 'string', default: '3000' },
    sample: { type: 'string', default: '10' },
    'skip-import': { type: 'boolean', default: false },
  },
});
const duration = Number(args.duration);
const connections = Number(args.connections);
const articleCount = Number(args.articles);
const sampleSeconds = Number(args.sample);
const port = Number(process.env.PORT || 4202);
const adminUrl = process.env.DATABASE_URL || 'postgres://root@127.0.0.1:5432/postgres';
const ROOT = path.resolve(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function prepareDatabase(): Promise<string> {
  const url = new URL(adminUrl);
  url.pathname = '/broadsheet_soak';
  if (args['skip-import']) return url.toString();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('drop database if exists broadsheet_soak with (force)');
  await admin.query('create database broadsheet_soak');
  await admin.end();
  const handle = createDatabase(url.toString());
  await migrateToLatest(handle.db);
  const started = Date.now();
  const report = await importNdjson(
    handle.db,
    Readable.from(syntheticArticleLines(articleCount, 'soak').map((l) => `${l}\n`)),
  );
  console.log(`imported ${report.created} articles in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await handle.close();
  return url.toString();
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

async function main() {
  const databaseUrl = await prepareDatabase();
  // A real editor token: credentialed requests bypass the response cache and always reach PostgreSQL.
  const token = generateToken();
  const tokenDb = createDatabase(databaseUrl);
  await insertApiToken(tokenDb.db, {
    name: `soak-${Date.now()}`,
    scopes: ['read:drafts'],
    secretHash: hashToken(token),
  });
  await tokenDb.close();
  const slugs = await (async () => {
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    const rows = (await c.query('select slug from articles')).rows.map((r) => r.slug as string);
    const entities = (await c.query('select slug from entities')).rows.map((r) => r.slug as string);
    await c.end();
    return { rows, entities };
  })();

  // The same command as `npm start`, heap cap included (package.json).
  const server = spawn(process.execPath, startCommand(), {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
      DB_POOL_MAX: process.env.DB_POOL_MAX || '10',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i += 1) {
    if (i > 600) throw new Error('server did not become ready');
    const ok = await fetch(`${base}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await sleep(100);
  }

  const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!;
  const body = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });
  const ARTICLE_PAGE = `query ArticlePage($slug: String!) { article(slug: $slug) { title standfirst paragraphs publishedAt readingTimeMinutes section { name slug }
    summary(length: SHORT) { text } entities { mentionCount entity { name slug kind } } relatedArticles(first: 5) { title slug entities { entity { name slug } } }
    previousArticle { title slug } nextArticle { title slug } } }`;
  const LIST =
    'query List($first: Int!) { articles(first: $first) { totalCount edges { cursor node { title slug publishedAt section { name } } } pageInfo { hasNextPage endCursor } } }';
  const ENTITY =
    'query Entity($slug: String!) { entity(slug: $slug) { name kind articleCount articles(first: 10) { edges { node { title slug } } } } }';
  const SEARCH =
    'query Search($q: String!) { search(query: $q, first: 10) { totalCount edges { node { rank highlights article { title slug } } } } }';
  const words = ['harbour', 'storm', 'port', 'strike', 'coffee', 'prices', 'election', 'rail', 'freight', 'court'];
  const request = () => {
    const roll = Math.random();
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (roll < 0.45)
      return {
        method: 'POST' as const,
        path: '/graphql',
        headers,
        body: body(ARTICLE_PAGE, { slug: pick(slugs.rows) }),
      };
    if (roll < 0.6)
      return { method: 'POST' as const, path: '/graphql', headers, body: body(LIST, { first: pick([5, 10, 20]) }) };
    if (roll < 0.7)
      return { method: 'POST' as const, path: '/graphql', headers, body: body(ENTITY, { slug: pick(slugs.entities) }) };
    if (roll < 0.8)
      return {
        method: 'POST' as const,
        path: '/graphql',
        headers,
        body: body(SEARCH, { q: `${pick(words)} ${pick(words)}` }),
      };
    // Credentials bypass the response cache: these always reach PostgreSQL.
    return {
      method: 'POST' as const,
      path: '/graphql',
      headers: { ...headers, authorization: `Bearer ${token}` },
      body: body(ARTICLE_PAGE, { slug: pick(slugs.rows) }),
    };
  };

  const samples: { t: number; rssMiB: number }[] = [];
  const started = Date.now();
  const sampler = setInterval(() => {
    const sample = { t: Math.round((Date.now() - started) / 1000), rssMiB: Math.round(rssOf(server.pid!) / 1048576) };
    samples.push(sample);
    console.log(`t=${sample.t}s rss=${sample.rssMiB} MiB`);
  }, sampleSeconds * 1000);

  const statuses = new Map<number, number>();
  const result = await autocannon({
    url: base,
    connections,
    duration,
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, ...request() }) }],
    setupClient: (client: autocannon.Client) => {
      client.on('response', (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1));
    },
  } as unknown as autocannon.Options);
  clearInterval(sampler);
  const metrics = await fetch(`${base}/metrics`).then((r) => r.text());
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));

  const third = Math.max(1, Math.floor(samples.length / 3));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const middle = mean(samples.slice(third, 2 * third).map((s) => s.rssMiB));
  const last = mean(samples.slice(-third).map((s) => s.rssMiB));
  const report = {
    duration,
    connections,
    articles: articleCount,
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statuses: Object.fromEntries(statuses),
    rssMiB: samples,
    rssMiddleThirdMeanMiB: Math.round(middle),
    rssLastThirdMeanMiB: Math.round(last),
    cacheLookups: metrics.split('\n').filter((l) => l.startsWith('broadsheet_response_cache_lookups_total')),
  };
  mkdirSync(path.join(ROOT, '.data'), { recursive: true });
  writeFileSync(path.join(ROOT, '.data', 'soak-report.json'), JSON.stringify(report, null, 2));
  console.log(JSON.stringify({ ...report, rssMiB: `${samples.length} samples in .data/soak-report.json` }, null, 2));
  const flat = last <= middle * 1.1 + 16;
  console.log(
    `errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}; memory ${flat ? 'flat' : 'GROWING'} (${Math.round(middle)} -> ${Math.round(last)} MiB)`,
  );
  process.exit(result.errors === 0 && result.timeouts === 0 && result.non2xx === 0 && flat ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
