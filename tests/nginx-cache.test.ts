import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { createToken } from './helpers/auth.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle } from './helpers/factories.js';
import { listenHttp } from './helpers/http.js';
import { quietLogger } from './helpers/logger.js';
import { freePort } from './helpers/ports.js';

// Broadsheet behind a real nginx proxy_cache, configured with the README's sample ("Behind nginx",
// read from the README with this test's paths and ports): a CDN-style cache that honours
// Cache-Control and Vary and revalidates with If-None-Match / If-Modified-Since.
//
// The test needs Debian's nginx (`apt-get install -y nginx`; `.ci/run` installs it), or NGINX_PATH
// naming another binary. Without it the test fails saying so, unless SKIP_NGINX_TESTS=1 asks to
// skip it (README, "Development").
const NGINX = process.env.NGINX_PATH || '/usr/sbin/nginx';
const SKIP_NGINX = /^(1|true|yes)$/i.test(process.env.SKIP_NGINX_TESTS ?? '');
const nginxMissing = !existsSync(NGINX);

/** Seconds caches may keep an answer: the response cache's TTL, short so the test sees it expire. */
const MAX_AGE = 2;

/** The README's sample ("Behind nginx"), with this test's upstream, port and cache folder. */
function readmeSample({ upstream, port, dir }: { upstream: string; port: number; dir: string }): string {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('#### Behind nginx'));
  const sample = /```nginx\n([\s\S]*?)```/.exec(section)?.[1];
  if (!sample) throw new Error('README.md has no nginx sample under "#### Behind nginx"');
  const replacements: [string, string][] = [
    ['/var/cache/nginx/broadsheet', `${dir}/cache`],
    ['server 127.0.0.1:4000;', `server ${upstream};`],
    ['listen 8080;', `listen 127.0.0.1:${port};`],
  ];
  return replacements.reduce((text, [from, to]) => {
    if (!text.includes(from)) throw new Error(`the README's nginx sample no longer has "${from}"`);
    return text.replace(from, to);
  }, sample);
}

/** A whole nginx configuration for a process of the test's own: its files in `dir`, in the foreground. */
function nginxConfig(options: { upstream: string; port: number; dir: string }): string {
  const { dir } = options;
  return `daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/client-body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
${readmeSample(options)}
}
`;
}

async function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(nginxMissing)('nginx proxy_cache in front of Broadsheet: nginx', () => {
  it.skipIf(SKIP_NGINX)(`is installed at ${NGINX}${SKIP_NGINX ? ' (skipped: SKIP_NGINX_TESTS is set)' : ''}`, () => {
    throw new Error(
      `nginx is missing at ${NGINX}: install it (apt-get install -y nginx), or set NGINX_PATH to its binary, or set SKIP_NGINX_TESTS=1 to skip the nginx test`,
    );
  });
});

describe.skipIf(nginxMissing)('nginx proxy_cache in front of Broadsheet', () => {
  let database: TestDatabase;
  let app: App;
  let broadsheet: string;
  let nginx: ChildProcess;
  let dir: string;
  let cached: string;
  let articleId: string;
  let version: number;
  let databaseId: number;
  const slug = 'nginx-harbour';

  beforeAll(async () => {
    database = await createTestDatabase();
    databaseId = (
      await createArticle(database.db, { slug, title: 'Harbour reopens', publishedAt: '2026-03-01T08:00:00Z' })
    ).id;
    app = createApp({
      db: database.db,
      httpPlugins: {
        pool: database.pool,
        logger: quietLogger,
        nodeEnv: 'production',
        responseCache: { ttlMs: MAX_AGE * 1000 },
      },
    });
    broadsheet = await listenHttp(app);
    dir = mkdtempSync(path.join(tmpdir(), 'broadsheet-nginx-'));
    const port = await freePort();
    writeFileSync(path.join(dir, 'nginx.conf'), nginxConfig({ upstream: new URL(broadsheet).host, port, dir }));
    nginx = spawn(NGINX, ['-p', `${dir}/`, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    nginx.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    for (let attempt = 0; !(await accepting(port)); attempt += 1) {
      if (nginx.exitCode !== null || attempt > 200) {
        const log = existsSync(path.join(dir, 'error.log')) ? readFileSync(path.join(dir, 'error.log'), 'utf8') : '';
        throw new Error(`nginx did not start (exit ${nginx.exitCode}): ${stderr}${log}`);
      }
      await sleep(50);
    }
    cached = `http://127.0.0.1:${port}/graphql`;
    const found = await (
      await fetch(broadsheet, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ article(slug: "${slug}") { id version } }` }),
      })
    ).json();
    ({ id: articleId, version } = found.data.article);
  }, 60_000);

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx.once('exit', resolve));
      nginx.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const query = `query Headline($slug: String!) { article(slug: $slug) { title } }`;
  const url = () =>
    `${cached}?${new URLSearchParams({ query, operationName: 'Headline', variables: JSON.stringify({ slug }) })}`;

  interface Seen {
    cache: string | null;
    status: number;
    contentType: string | null;
    title: string;
    surrogateKey: string | null;
    /** When the request was sent (performance.now()). */
    sentAt: number;
  }

  async function read(accept: string): Promise<Seen> {
    const sentAt = performance.now();
    const response = await fetch(url(), { headers: { accept } });
    const body = (await response.json()) as { data: { article: { title: string } } };
    const { headers } = response;
    return {
      cache: headers.get('x-cache-status'),
      status: response.status,
      contentType: headers.get('content-type'),
      title: body.data.article.title,
      surrogateKey: headers.get('surrogate-key'),
      sentAt,
    };
  }

  /**
   * A request that the cache should answer itself. On a machine so loaded that more than max-age
   * passed since the copy was stored, nginx rightly asks Broadsheet again: then the copy it just
   * stored is asked for once more.
   */
  async function readCached(accept: string, storedAt: number): Promise<Seen> {
    for (let since = storedAt; ; ) {
      const seen = await read(accept);
      if (seen.cache === 'HIT' || seen.sentAt - since < MAX_AGE * 1000) return seen;
      since = seen.sentAt;
    }
  }

  /** Past the max-age of whatever was stored until now (nginx counts whole seconds). */
  const expire = () => sleep(MAX_AGE * 1000 + 1100);

  async function conditional(result: 'not_modified' | 'modified'): Promise<number> {
    const text = await (await fetch(new URL('/metrics', broadsheet))).text();
    return Number(
      new RegExp(`^broadsheet_http_conditional_requests_total\\{result="${result}"\\} (\\d+)$`, 'm').exec(text)?.[1] ??
        0,
    );
  }

  it('MISS, then HIT; past max-age an unchanged answer is revalidated with a 304 from Broadsheet', async () => {
    const first = await read('application/json');
    expect(first).toMatchObject({ cache: 'MISS', status: 200, title: 'Harbour reopens' });
    const second = await readCached('application/json', first.sentAt);
    expect(second).toMatchObject({ cache: 'HIT', status: 200, title: 'Harbour reopens' });
    // What a CDN purges by, kept with the copy.
    expect(second.surrogateKey?.split(' ')).toContain(`article:${databaseId}`);
    await expire();
    const notModified = await conditional('not_modified');
    const revalidated = await read('application/json');
    expect(revalidated).toMatchObject({
      cache: 'REVALIDATED',
      status: 200,
      contentType: 'application/json; charset=utf-8',
      title: 'Harbour reopens',
    });
    expect((await conditional('not_modified')) - notModified).toBe(1);
  }, 30_000);

  it('keeps a variant per Accept: each client gets its own media type', async () => {
    const graphql = await read('application/graphql-response+json');
    expect(graphql).toMatchObject({
      cache: 'MISS',
      contentType: 'application/graphql-response+json; charset=utf-8',
      title: 'Harbour reopens',
    });
    const json = await readCached('application/json', graphql.sentAt);
    expect(json).toMatchObject({ contentType: 'application/json; charset=utf-8', title: 'Harbour reopens' });
    const graphqlAgain = await readCached('application/graphql-response+json', graphql.sentAt);
    expect(graphqlAgain).toMatchObject({
      cache: 'HIT',
      contentType: 'application/graphql-response+json; charset=utf-8',
    });
  }, 30_000);

  it('after an edit, the first request past max-age shows the new title', async () => {
    const { headers } = await createToken(database.db, 'nginx-desk', ['write:articles', 'read:drafts']);
    const before = await read('application/json');
    // Through the proxy, as a newsroom tool would: a POST with credentials is never cached.
    const edited = await fetch(cached, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({
        query:
          'mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { __typename ... on UpdateArticleSuccess { article { title } } } }',
        variables: { input: { id: articleId, expectedVersion: version, title: 'Harbour reopens after the storm' } },
      }),
    });
    expect(edited.headers.get('x-cache-status')).toBeNull();
    expect(await edited.json()).toEqual({
      data: {
        updateArticle: { __typename: 'UpdateArticleSuccess', article: { title: 'Harbour reopens after the storm' } },
      },
    });
    await expire();
    const modified = await conditional('modified');
    const after = await read('application/json');
    expect(after).toMatchObject({ cache: 'EXPIRED', status: 200, title: 'Harbour reopens after the storm' });
    expect(before.title).toBe('Harbour reopens');
    // nginx revalidated its copy (If-None-Match); Broadsheet's answer had changed, so it was whole.
    expect((await conditional('modified')) - modified).toBe(1);
    expect(await readCached('application/json', after.sentAt)).toMatchObject({
      cache: 'HIT',
      title: 'Harbour reopens after the storm',
    });
  }, 30_000);
});
