/**
 * Child sitemaps at scale: a scratch database of ARTICLES visible articles (default 200,000), then
 * cold and warm requests of the index and of children, and 16 anonymous clients reading
 * articles-1..4 for LOAD_SECONDS (default 20), without and with a write a second into those
 * children. The scratch database is dropped at the end.
 *
 *   DATABASE_URL=postgres://root@127.0.0.1:5432/postgres npx tsx bench/sitemaps.ts
 *   SITEMAP_PAGE_SIZE=50000 ... npx tsx bench/sitemaps.ts     # the former default
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { createApp } from '../src/app.js';
import { loadFeedsConfig } from '../src/config.js';
import { createDatabase } from '../src/db/database.js';
import { migrateToLatest, withoutStatementTimeout } from '../src/db/migrator.js';
import { findSitemapFingerprint, listSitemapArticles } from '../src/db/queries/feeds.js';
import { encode } from '../src/feeds/encoded.js';
import { sitemapChunks } from '../src/feeds/sitemaps.js';

const adminUrl = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const ARTICLES = Number(process.env.ARTICLES ?? 200_000);
const LOAD_SECONDS = Number(process.env.LOAD_SECONDS ?? 20);
const LOAD = process.env.LOAD !== '0';
const CLIENTS = 16;
const name = `bs_bench_sitemaps_${randomBytes(4).toString('hex')}`;

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  await admin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = createDatabase(url.toString());
  try {
    await migrateToLatest(database.directDb);
    let started = performance.now();
    // Generated without the statement timeout (the articles' triggers index every row).
    await withoutStatementTimeout(database.directDb, async (conn) => {
      await sql`insert into articles (slug, title, body, status, published_at)
        select 'story-number-' || n, 'Story number ' || n, 'Text.', 'PUBLISHED', timestamptz '2024-01-01T00:00:00Z' + n * interval '5 minutes'
        from generate_series(1, ${ARTICLES}::int) n`.execute(conn);
      await sql`analyze articles`.execute(conn);
    });
    console.log(`${ARTICLES} articles generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const feeds = loadFeedsConfig({
      PUBLIC_SITE_URL: 'https://news.example',
      PUBLIC_API_URL: 'https://api.news.example',
      ...(process.env.SITEMAP_PAGE_SIZE ? { SITEMAP_PAGE_SIZE: process.env.SITEMAP_PAGE_SIZE } : {}),
    });
    const app = createApp({
      db: database.db,
      feeds,
      httpPlugins: { pool: database.pool, responseCache: { ttlMs: 60_000 } },
    });
    console.log(`SITEMAP_PAGE_SIZE ${feeds.sitemapPageSize}`);

    const timed = async (label: string, path: string, headers: Record<string, string> = {}) => {
      const start = performance.now();
      const response = await app.fetch(`http://localhost${path}`, { headers });
      const bytes = (await response.arrayBuffer()).byteLength;
      const ms = performance.now() - start;
      console.log(
        `${label.padEnd(34)} ${String(response.status).padEnd(4)} ${ms.toFixed(0).padStart(6)} ms ${String(bytes).padStart(9)} bytes ${response.headers.get('content-encoding') ?? ''}`,
      );
      return response;
    };
    await timed('index, cold', '/sitemaps/index.xml');
    await timed('index, warm', '/sitemaps/index.xml');
    const cold = await timed('articles-1, cold (identity)', '/sitemaps/articles-1.xml');
    await timed('articles-1, warm (identity)', '/sitemaps/articles-1.xml');
    await timed('articles-1, warm (gzip)', '/sitemaps/articles-1.xml', { 'accept-encoding': 'gzip' });
    await timed('articles-1, If-None-Match', '/sitemaps/articles-1.xml', {
      'if-none-match': cold.headers.get('etag') ?? '',
    });
    await timed('articles-2, cold (gzip)', '/sitemaps/articles-2.xml', { 'accept-encoding': 'gzip' });
    // Where a cold child's time goes: its statement, then making its text and gzipping it.
    for (const page of [3, 3]) {
      let at = performance.now();
      const rows = await listSitemapArticles(database.db, page, feeds.sitemapPageSize);
      const query = performance.now() - at;
      at = performance.now();
      const encoded = await encode(sitemapChunks(feeds, rows), 'application/xml; charset=utf-8');
      const text = performance.now() - at;
      at = performance.now();
      await findSitemapFingerprint(database.db, page, feeds.sitemapPageSize);
      const fingerprint = performance.now() - at;
      console.log(`articles-${page} fingerprint (the check before making it): ${fingerprint.toFixed(0)} ms`);
      console.log(
        `articles-${page} parts: statement ${query.toFixed(0)} ms (${rows.length} rows), text and gzip ${text.toFixed(0)} ms (${encoded.bytes} -> ${encoded.gzip.length} bytes)`,
      );
    }
    const plan = await sql<{
      'QUERY PLAN': string;
    }>`explain select count(*), sum(a.id), max(greatest(a.updated_at, a.published_at)) from articles a
      where a.id > 20000 and a.id <= 30000 and a.status in ('PUBLISHED', 'SCHEDULED') and a.published_at <= now()`.execute(
      database.db,
    );
    console.log(
      `a fingerprint's plan (approximately its statement): ${plan.rows
        .map((r) => r['QUERY PLAN'].trim())
        .filter((line) => /Scan/.test(line))
        .join(' | ')}`,
    );
    global.gc?.();
    console.log(`heap after the single requests: ${mb(process.memoryUsage().heapUsed)}`);

    for (const writes of LOAD ? [false, true] : []) {
      const paths = [1, 2, 3, 4].map((n) => `/sitemaps/articles-${n}.xml`);
      const counts = new Map<number, number>();
      let heapMax = 0;
      let slowestMetrics = 0;
      const until = Date.now() + LOAD_SECONDS * 1000;
      const sampler = setInterval(() => (heapMax = Math.max(heapMax, process.memoryUsage().heapUsed)), 100);
      const writer = writes
        ? setInterval(() => {
            // One article of each child changes every second (a busy newsroom): each child is made again.
            const ids = [1, 2, 3, 4].map((n) => (n - 1) * feeds.sitemapPageSize + 1 + Math.floor(Math.random() * 100));
            void sql`update articles set updated_at = now() where id = any(${ids}::int[])`
              .execute(database.db)
              .then(() => app.changes.notify({ articleIds: ids, entityIds: [] }));
          }, 1000)
        : undefined;
      const probe = (async () => {
        while (Date.now() < until) {
          const start = performance.now();
          await (await app.fetch('http://localhost/metrics')).text();
          slowestMetrics = Math.max(slowestMetrics, performance.now() - start);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      })();
      started = performance.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, client) => {
          for (let i = client; Date.now() < until; i += 1) {
            const response = await app.fetch(`http://localhost${paths[i % paths.length]}`);
            await response.arrayBuffer();
            counts.set(response.status, (counts.get(response.status) ?? 0) + 1);
          }
        }),
      );
      await probe;
      clearInterval(sampler);
      if (writer) clearInterval(writer);
      const seconds = (performance.now() - started) / 1000;
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      console.log(
        `${CLIENTS} clients, articles-1..4 (identity), ${LOAD_SECONDS} s${writes ? ', a write a second into each' : ''}: ${total} answers (${(total / seconds).toFixed(1)}/s) ${JSON.stringify(Object.fromEntries(counts))}, heap max ${mb(heapMax)}, slowest /metrics ${slowestMetrics.toFixed(0)} ms`,
      );
    }
  } finally {
    await database.close();
    await admin(`drop database if exists ${name}`);
    console.log(`dropped ${name}`);
  }
}

await main();
process.exit(0);
