import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, EXAMPLE_QUERY } from '../src/app.js';
import { seedDemoContent } from '../src/content/demo.js';
import { negotiateEncoding } from '../src/http/graphiql-compression.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';
import { type Served, serve } from './helpers/gateways.js';

// The browser test needs Chromium (Debian/Ubuntu: `apt-get install -y chromium`); CHROMIUM_PATH
// names another binary. Without it the test fails saying so, unless SKIP_BROWSER_TESTS=1 asks to
// skip it (README, "Development").
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SKIP_BROWSER = /^(1|true|yes)$/i.test(process.env.SKIP_BROWSER_TESTS ?? '');

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoContent(database.db);
});

async function getGraphiQL(acceptEncoding?: string) {
  const app = createApp({ db: database.db });
  const response = await app.fetch('http://localhost/graphql', {
    headers: { accept: 'text/html', ...(acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding }) },
  });
  return { response, body: Buffer.from(await response.arrayBuffer()) };
}

describe('GraphiQL page compression', () => {
  it('negotiates br or gzip from Accept-Encoding, honouring q-values', () => {
    expect(negotiateEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(negotiateEncoding('gzip, deflate')).toBe('gzip');
    expect(negotiateEncoding('br;q=0.5, gzip;q=0.9')).toBe('gzip');
    expect(negotiateEncoding('br;q=0, gzip;q=0')).toBeUndefined();
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding('identity')).toBeUndefined();
    expect(negotiateEncoding(null)).toBeUndefined();
  });

  it('serves the same page compressed with br and gzip, several times smaller', async () => {
    const plain = await getGraphiQL('identity');
    expect(plain.response.headers.get('content-encoding')).toBeNull();
    expect(plain.response.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(plain.body.toString('utf8')).toContain('<title>Broadsheet GraphiQL</title>');

    const br = await getGraphiQL('gzip, deflate, br');
    expect(br.response.status).toBe(200);
    expect(br.response.headers.get('content-encoding')).toBe('br');
    expect(br.response.headers.get('content-length')).toBe(String(br.body.length));
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);

    const gzip = await getGraphiQL('gzip');
    expect(gzip.response.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);

    expect(plain.body.length).toBeGreaterThan(1_000_000);
    expect(br.body.length * 3).toBeLessThan(plain.body.length);
    expect(gzip.body.length * 3).toBeLessThan(plain.body.length);
  });

  it('leaves GraphQL responses uncompressed', async () => {
    const app = createApp({ db: database.db });
    const response = await app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        'accept-encoding': 'br, gzip',
      },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

const isLocal = (url: string) => {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return true;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
};

const chromiumMissing = !existsSync(CHROMIUM);

describe.runIf(chromiumMissing)('GraphiQL in headless Chromium: the browser', () => {
  it.skipIf(SKIP_BROWSER)(
    `is installed at ${CHROMIUM}${SKIP_BROWSER ? ' (skipped: SKIP_BROWSER_TESTS is set)' : ''}`,
    () => {
      throw new Error(
        `Chromium is missing at ${CHROMIUM}: install it (apt-get install -y chromium), or set CHROMIUM_PATH to its binary, or set SKIP_BROWSER_TESTS=1 to skip the browser test`,
      );
    },
  );
});

describe.skipIf(chromiumMissing)('GraphiQL in headless Chromium', () => {
  let server: Served;
  let profile: string;

  beforeAll(async () => {
    server = await serve(createApp({ db: database.db }));
    profile = mkdtempSync(path.join(tmpdir(), 'broadsheet-chromium-'));
  });

  afterAll(async () => {
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('runs the example query and shows the result, with no request leaving localhost', async () => {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    const requested: string[] = [];
    try {
      // Every request the page makes is recorded; one to anywhere but this machine is refused.
      await context.route('**/*', (route) => {
        const url = route.request().url();
        requested.push(url);
        return isLocal(url) ? route.continue() : route.abort('blockedbyclient');
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const pageResponse = await page.goto(server.url, { waitUntil: 'load', timeout: 60_000 });
      expect(pageResponse?.status()).toBe(200);
      expect(await pageResponse?.headerValue('content-encoding')).toBe('br');
      await expect.poll(() => page.title(), { timeout: 30_000 }).toBe('Broadsheet GraphiQL');

      const execute = page.locator('.graphiql-execute-button');
      await execute.waitFor({ state: 'visible', timeout: 60_000 });
      // The editor holds the example query; wait for it before running it.
      await page.locator('.graphiql-query-editor').getByText('query ArticlePage').waitFor({ timeout: 60_000 });
      const [graphqlResponse] = await Promise.all([
        page.waitForResponse((r) => r.url().startsWith(server.url) && r.request().method() === 'POST', {
          timeout: 60_000,
        }),
        execute.click(),
      ]);
      const shown = await graphqlResponse.json();
      const expected = await createTestClient(database).query(EXAMPLE_QUERY);
      expect(expected.errors).toBeUndefined();
      expect(shown).toEqual(expected);

      const firstTitle: string = expected.data.articles.edges[0].node.title;
      const responsePane = page.locator('.graphiql-response');
      // The editor wraps long lines and renders spaces as no-break spaces.
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText(), the rendered text, not the DOM property
      const paneText = async () => (await responsePane.innerText()).replace(/\s+/g, ' ');
      await expect.poll(paneText, { timeout: 30_000 }).toContain(`"totalCount": ${expected.data.articles.totalCount}`);
      expect(await paneText()).toContain(`"title": "${firstTitle}"`);
      if (process.env.GRAPHIQL_SCREENSHOT) await page.screenshot({ path: process.env.GRAPHIQL_SCREENSHOT });
    } finally {
      await context.close();
    }
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((url) => !isLocal(url))).toEqual([]);
  }, 180_000);
});
