import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { png } from '../scripts/png.js';
import { loadImagesConfig } from '../src/config.js';
import { seedDemoContent } from '../src/content/demo.js';
import { validateRecord, writeRecord } from '../src/content/importer.js';
import { imagesStartupWarning } from '../src/media/index.js';
import { createLocalStorage, createS3Storage } from '../src/media/storage.js';
import { createToken } from './helpers/auth.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';
import { listenHttp } from './helpers/http.js';

const KEY = '943b421c9eb07c830af81030552c86009268de4e532ba2ee2eab8247c6da0881';
const SALT = '520f986b998545b4785e0defbc4f3c1203f22de2374a3d53cb7a7fe9fea309c5';

let database: TestDatabase;
let mediaDir: string;
let editor: Record<string, string>;
let writerWithoutScope: Record<string, string>;
let client: ReturnType<typeof createTestClient>;
const images = () =>
  loadImagesConfig({
    MEDIA_DIR: mediaDir,
    IMAGE_PROXY_URL: 'https://img.example',
    IMAGE_PROXY_KEY: KEY,
    IMAGE_PROXY_SALT: SALT,
    IMAGE_MAX_BYTES: '20000',
  });

const SMALL_PNG = png(64, 40, (x, y) => [x * 4, y * 6, 128]);

beforeAll(async () => {
  database = await createTestDatabase();
  mediaDir = await mkdtemp(path.join(tmpdir(), 'broadsheet-media-'));
  client = createTestClient(database, { images: images() });
  editor = (await createToken(database.db, 'Picture desk', ['write:articles', 'read:drafts'])).headers;
  writerWithoutScope = (await createToken(database.db, 'Entities only', ['write:entities'])).headers;
});

afterAll(async () => {
  await rm(mediaDir, { recursive: true, force: true });
});

/** A multipart body as the GraphQL multipart request spec writes it, byte for byte (what curl -F sends). */
function multipart(operations: unknown, file: { bytes: Uint8Array; name: string; type: string }) {
  const boundary = '----broadsheet-test-boundary';
  const part = (headers: string, body: Buffer | string) =>
    Buffer.concat([Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`), Buffer.from(body), Buffer.from('\r\n')]);
  const body = Buffer.concat([
    part('Content-Disposition: form-data; name="operations"', JSON.stringify(operations)),
    part('Content-Disposition: form-data; name="map"', JSON.stringify({ 0: ['variables.file'] })),
    part(
      `Content-Disposition: form-data; name="0"; filename="${file.name}"\r\nContent-Type: ${file.type}`,
      Buffer.from(file.bytes),
    ),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return {
    body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(body.length) },
  };
}

const UPLOAD = `mutation($file: File!, $metadata: ImageMetadataInput) { uploadImage(file: $file, metadata: $metadata) {
  __typename ... on MutationError { message code field } ... on ValidationError { reason }
  ... on UploadImageSuccess { image { id alt caption credit licence width height mimeType originalUrl focalX focalY } }
} }`;

async function upload(
  app: ReturnType<typeof createTestClient>['app'],
  bytes: Uint8Array,
  options: { name?: string; type?: string; metadata?: unknown; headers?: Record<string, string> } = {},
) {
  const request = multipart(
    { query: UPLOAD, variables: { file: null, metadata: options.metadata ?? null } },
    { bytes, name: options.name ?? 'photo.png', type: options.type ?? 'image/png' },
  );
  const response = await app.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { ...(options.headers ?? editor), ...request.headers, accept: 'application/graphql-response+json' },
    body: request.body,
  });
  return { status: response.status, json: (await response.json()) as any };
}

const gql = (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = editor) =>
  client.query(query, variables, headers);

async function newArticle(slug: string) {
  const created = await gql(
    `mutation($input: CreateArticleInput!) { createArticle(input: $input) { ... on CreateArticleSuccess { article { id version } } } }`,
    {
      input: { title: `Story ${slug}`, slug, body: 'First paragraph.\n\nSecond paragraph.\n\nThird paragraph.' },
    },
  );
  return created.data.createArticle.article as { id: string; version: number };
}

describe('uploads (GraphQL multipart request spec)', () => {
  it('stores an upload in the local folder, reading its type and size from the bytes, and serves it at /media/{key}', async () => {
    const { status, json } = await upload(client.app, SMALL_PNG, {
      name: 'holiday.jpg',
      type: 'application/octet-stream',
      metadata: { alt: ' A  blue card ', credit: 'Test' },
    });
    expect(status, JSON.stringify(json)).toBe(200);
    const image = json.data.uploadImage.image;
    expect(image).toMatchObject({
      alt: 'A blue card',
      credit: 'Test',
      caption: null,
      width: 64,
      height: 40,
      mimeType: 'image/png',
      focalX: 0.5,
      focalY: 0.5,
    });
    expect(image.originalUrl).toMatch(/^\/media\/\d{4}\/\d{2}\/[0-9a-f]{32}\.png$/);
    const key = image.originalUrl.slice('/media/'.length);
    expect(Buffer.compare(await readFile(path.join(mediaDir, key)), Buffer.from(SMALL_PNG))).toBe(0);
    const served = await client.app.fetch(`http://localhost${image.originalUrl}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.compare(Buffer.from(await served.arrayBuffer()), Buffer.from(SMALL_PNG))).toBe(0);
  });

  it('refuses what is not an image, however it is named', async () => {
    const { json } = await upload(client.app, new TextEncoder().encode('<html><script>alert(1)</script></html>'), {
      name: 'x.png',
      type: 'image/png',
    });
    expect(json.data.uploadImage).toMatchObject({
      __typename: 'ValidationError',
      field: 'file',
      reason: 'INVALID_FORMAT',
    });
    const svg = await upload(
      client.app,
      new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'),
      { name: 'x.svg', type: 'image/svg+xml' },
    );
    expect(svg.json.data.uploadImage).toMatchObject({ __typename: 'ValidationError', reason: 'INVALID_FORMAT' });
  });

  it('refuses a file over IMAGE_MAX_BYTES, and a body far over it, with 413', async () => {
    const big = png(200, 200, (x, y) => [(x * 7919 + y * 104729) % 256, (x * y) % 256, (x ^ y) % 256]);
    expect(big.length).toBeGreaterThan(20000);
    expect(big.length).toBeLessThan(20000 + 256 * 1024);
    // busboy stops at IMAGE_MAX_BYTES: the rest of the file is never read.
    const over = await upload(client.app, big);
    expect(over.status).toBe(413);
    expect(over.json.errors[0].extensions.code).toBe('REQUEST_TOO_LARGE');
    const huge = new Uint8Array(20000 + 300 * 1024);
    huge.set(SMALL_PNG);
    const refused = await upload(client.app, huge);
    expect(refused.status, JSON.stringify(refused.json)).toBe(413);
    expect(await database.db.selectFrom('images').select('id').where('byteSize', '>', 20000).execute()).toEqual([]);
  });

  it('refuses more pixels than IMAGE_MAX_PIXELS', async () => {
    const strict = createTestClient(database, {
      images: loadImagesConfig({ MEDIA_DIR: mediaDir, IMAGE_MAX_PIXELS: '1000' }),
    });
    const { json } = await upload(strict.app, SMALL_PNG);
    expect(json.data.uploadImage).toMatchObject({ __typename: 'ValidationError', reason: 'OUT_OF_RANGE' });
  });

  it('needs a token with write:articles; anonymous multipart bodies are refused before parsing (CSRF)', async () => {
    const anonymous = await upload(client.app, SMALL_PNG, { headers: {} });
    expect(anonymous.status).toBe(415);
    const { status, json } = await upload(client.app, SMALL_PNG, { headers: writerWithoutScope });
    expect(status).toBe(403);
    expect(json.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});

/** A body of `total` bytes that counts what the server pulls of it. */
function countedBody(total: number, prefix: Buffer) {
  const counter = { pulled: 0 };
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const chunk = sent === 0 ? prefix : new Uint8Array(Math.min(64 * 1024, total - sent));
      sent += chunk.byteLength;
      counter.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, counter };
}

/** A raw multipart body from its parts, in order. */
function parts(list: { name: string; filename?: string; body: string | Uint8Array }[]) {
  const boundary = '----broadsheet-parts';
  const body = Buffer.concat([
    ...list.map(({ name, filename, body }) =>
      Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"\r\nContent-Type: application/octet-stream` : ''}\r\n\r\n`,
        ),
        Buffer.from(body),
        Buffer.from('\r\n'),
      ]),
    ),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return {
    body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(body.length) },
  };
}

const post = async (
  app: ReturnType<typeof createTestClient>['app'],
  request: { body: BodyInit; headers: Record<string, string> },
  headers: Record<string, string> = editor,
) => {
  const response = await app.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { ...headers, ...request.headers, accept: 'application/graphql-response+json' },
    body: request.body,
    duplex: 'half',
  } as RequestInit);
  return { status: response.status, json: (await response.json()) as any };
};

describe('hostile uploads', () => {
  it('refuses an unknown or malformed token with 401 before reading the body', async () => {
    for (const authorization of ['Bearer nope', `Bearer bs_${'a'.repeat(43)}`]) {
      const { stream, counter } = countedBody(
        8 * 1024 * 1024,
        Buffer.from('------x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{}'),
      );
      const response = await client.app.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: {
          authorization,
          'content-type': 'multipart/form-data; boundary=----x',
          'content-length': String(8 * 1024 * 1024),
        },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      expect(response.status).toBe(401);
      expect(((await response.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      // Streams pull ahead a chunk or two at most; the 8 MB were never read.
      expect(counter.pulled).toBeLessThan(256 * 1024);
    }
  });

  it('checks the token of any body over the public limit before reading it', async () => {
    const { stream, counter } = countedBody(1_500_000, Buffer.from('{"query":"{ __typename }","variables":{"x":"'));
    const response = await client.app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: {
        authorization: `Bearer bs_${'c'.repeat(43)}`,
        'content-type': 'application/json',
        'content-length': '1500000',
      },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(401);
    expect(counter.pulled).toBeLessThan(256 * 1024);
    // A real token's large body is read (up to LIMIT_BODY_BYTES_AUTHENTICATED).
    const padded = await client.query(`{ __typename }${' '.repeat(150_000)}`, {}, editor);
    expect(padded.data).toEqual({ __typename: 'Query' });
  });

  it('answers 401 over HTTP while the client has sent a sliver of a large body', async () => {
    const endpoint = await listenHttp(client.app);
    const total = 8 * 1024 * 1024;
    const answer = await new Promise<{ status: number; body: string; written: number }>((resolve, reject) => {
      let written = 0;
      const request = http.request(endpoint, {
        method: 'POST',
        headers: {
          authorization: `Bearer bs_${'b'.repeat(43)}`,
          'content-type': 'multipart/form-data; boundary=x',
          'content-length': String(total),
        },
      });
      request.on('error', reject);
      request.on('response', (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode!, body, written });
          request.destroy();
        });
      });
      // 64 KiB, then nothing more until the server answers.
      written += 64 * 1024;
      request.write(Buffer.alloc(64 * 1024, 'x'));
    });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(answer.written).toBeLessThan(total);
  });

  it('refuses a token without write:articles with 403 before reading the body', async () => {
    const { stream, counter } = countedBody(8 * 1024 * 1024, Buffer.from('------x\r\n'));
    const response = await client.app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { ...writerWithoutScope, 'content-type': 'multipart/form-data; boundary=----x' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(403);
    expect(counter.pulled).toBeLessThan(256 * 1024);
  });

  it('limits parts, fields and files: a flood of tiny parts ends at the first over the limit', async () => {
    const operations = JSON.stringify({ query: UPLOAD, variables: { file: null } });
    const files = parts([
      { name: 'operations', body: operations },
      { name: 'map', body: '{}' },
      ...Array.from({ length: 1000 }, (_, i) => ({ name: String(i), filename: 'x', body: 'x' })),
    ]);
    const flooded = await post(client.app, files);
    expect(flooded.status).toBe(400);
    expect(flooded.json.errors[0].message).toMatch(/limit exceeded/);
    const fields = await post(
      client.app,
      parts([
        { name: 'operations', body: operations },
        { name: 'map', body: '{}' },
        { name: 'extra', body: 'x' },
      ]),
    );
    expect(fields.status).toBe(400);
    expect(fields.json.errors[0].message).toMatch(/Fields limit exceeded/);
    const longField = await post(
      client.app,
      parts([{ name: 'operations', body: `${operations}${' '.repeat(260 * 1024)}` }]),
    );
    expect(longField.status).toBe(400);
    expect(longField.json.errors[0].message).toMatch(/Field value size exceeded/);
  });

  it('refuses a map that sets one file at several paths, or names more files than came', async () => {
    const operations = JSON.stringify({
      query: 'mutation($a: [File!]) { __typename }',
      variables: { a: Array(250).fill(null) },
    });
    const amplified = await post(
      client.app,
      parts([
        { name: 'operations', body: operations },
        { name: 'map', body: JSON.stringify({ 0: Array.from({ length: 250 }, (_, i) => `variables.a.${i}`) }) },
        { name: '0', filename: 'rnd.bin', body: new Uint8Array(10_000) },
      ]),
    );
    expect(amplified.status).toBe(400);
    expect(amplified.json.errors[0].message).toMatch(/exactly one/);
    const missing = await post(
      client.app,
      parts([
        { name: 'operations', body: operations },
        { name: 'map', body: JSON.stringify({ 0: ['variables.a.0'], 1: ['variables.a.1'] }) },
        { name: '0', filename: 'rnd.bin', body: new Uint8Array(10) },
      ]),
    );
    expect(missing.status).toBe(400);
    const notAFile = await post(
      client.app,
      parts([
        { name: 'operations', body: operations },
        { name: 'map', body: JSON.stringify({ operations: ['variables.a.0'] }) },
      ]),
    );
    expect(notAFile.status).toBe(400);
    const proto = await post(
      client.app,
      parts([
        { name: 'operations', body: operations },
        { name: 'map', body: JSON.stringify({ 0: ['__proto__.polluted'] }) },
        { name: '0', filename: 'rnd.bin', body: new Uint8Array(10) },
      ]),
    );
    expect(proto.status).toBe(400);
    expect(({} as any).polluted).toBeUndefined();
  });

  it('takes a 5 MB upload from an editor (the file does not count as variables text)', async () => {
    const roomy = createTestClient(database, {
      images: loadImagesConfig({ MEDIA_DIR: mediaDir, IMAGE_MAX_BYTES: String(8 * 1024 * 1024) }),
    });
    const bytes = new Uint8Array(5 * 1024 * 1024);
    bytes.set(SMALL_PNG);
    const { status, json } = await upload(roomy.app, bytes);
    expect(status, JSON.stringify(json)).toBe(200);
    expect(json.data.uploadImage.image).toMatchObject({ width: 64, height: 40, mimeType: 'image/png' });
    const served = await roomy.app.fetch(`http://localhost${json.data.uploadImage.image.originalUrl}`);
    expect(served.headers.get('content-length')).toBe(String(bytes.length));
    expect((await served.arrayBuffer()).byteLength).toBe(bytes.length);
  });

  it("spends an upload's bytes from its token's bucket, and /media from the address's", async () => {
    const rateLimits = {
      memoryBytes: 1_000_000,
      redisTimeoutMs: 50,
      policies: {
        anonymous: { burst: 3, refillPerSecond: 1 },
        token: { burst: 100, refillPerSecond: 1 },
        editor: { burst: 250, refillPerSecond: 1 },
      },
    };
    const limited = createTestClient(database, {
      images: loadImagesConfig({ MEDIA_DIR: mediaDir, IMAGE_MAX_BYTES: '200000' }),
      httpPlugins: { rateLimits },
    });
    const bytes = new Uint8Array(150 * 1024);
    bytes.set(SMALL_PNG);
    // About 151 points of the editor's 250 for the bytes, a few for the mutation…
    const first = await upload(limited.app, bytes);
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    // …so the same again does not fit, and is refused before its body is read.
    const refused = await upload(limited.app, bytes);
    expect(refused.status).toBe(429);
    expect(refused.json.errors[0].extensions.code).toBe('RATE_LIMITED');
    const url = `http://localhost${first.json.data.uploadImage.image.originalUrl}`;
    const statuses = [];
    // 150 KiB: one point and two more for its size, from the anonymous bucket of three.
    for (let i = 0; i < 2; i++) {
      const served = await limited.app.fetch(url);
      await served.arrayBuffer();
      statuses.push(served.status);
    }
    expect(statuses).toEqual([200, 429]);
  });
});

describe('S3-compatible storage (s3rver)', () => {
  let server: S3rver;
  let directory: string;
  let endpoint: string;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'broadsheet-s3-'));
    server = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory,
      configureBuckets: [{ name: 'media', configs: [] }],
    });
    const address = (await server.run()) as { port: number };
    endpoint = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('uploads through the API into the bucket and serves the object at /media/{key}', async () => {
    const env = {
      S3_BUCKET: 'media',
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    };
    const config = loadImagesConfig(env);
    expect(config.storage).toMatchObject({ kind: 's3', forcePathStyle: true });
    expect(config.renditions.sourcePrefix).toBe('s3://media/');
    const s3 = createTestClient(database, { images: config });
    const { json } = await upload(s3.app, SMALL_PNG, { metadata: { alt: 'Stored in S3' } });
    const image = json.data.uploadImage.image;
    const key = image.originalUrl.slice('/media/'.length);
    const stored = await createS3Storage(config.storage as Extract<typeof config.storage, { kind: 's3' }>).get(key);
    expect(stored?.contentType).toBe('image/png');
    expect(Buffer.compare(Buffer.from(stored!.bytes), Buffer.from(SMALL_PNG))).toBe(0);
    const served = await s3.app.fetch(`http://localhost${image.originalUrl}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect((await s3.app.fetch('http://localhost/media/2026/01/00000000000000000000000000000000.png')).status).toBe(
      404,
    );
  });
});

describe('/media', () => {
  it('serves nothing outside the media folder, however the path is spelled', async () => {
    await writeFile(path.join(mediaDir, '..', 'broadsheet-secret.png'), SMALL_PNG);
    const outside = path.basename(mediaDir);
    for (const target of [
      '/media/../package.json',
      '/media/%2e%2e/package.json',
      '/media/%2e%2e%2fpackage.json',
      `/media/..%2f${outside}%2f..%2fbroadsheet-secret.png`,
      '/media/%2e%2e%2fbroadsheet-secret.png',
      '/media/..%5cbroadsheet-secret.png',
      '/media/%2Fetc%2Fpasswd',
      '/media//etc/passwd',
      '/media/demo/%00.png',
      '/media/%E0%A4%A',
      '/media/',
    ]) {
      const response = await client.app.fetch(`http://localhost${target}`);
      expect(response.status, target).toBe(404);
      expect(response.headers.get('content-type') ?? '', target).not.toMatch(/^image\//);
    }
    expect((await client.app.fetch('http://localhost/media/x.png', { method: 'DELETE' })).status).toBe(405);
    await rm(path.join(mediaDir, '..', 'broadsheet-secret.png'), { force: true });
  });
});

/** imgproxy's check, written from its documentation: base64url(HMAC-SHA256(key, salt + path)). */
function verifies(url: string): boolean {
  const match = /^https:\/\/img\.example\/([^/]+)(\/.*)$/.exec(url);
  if (!match) return false;
  const expected = createHmac('sha256', Buffer.from(KEY, 'hex'))
    .update(Buffer.from(SALT, 'hex'))
    .update(match[2]!)
    .digest('base64url');
  return match[1] === expected;
}

describe('lead images, renditions and the article page', () => {
  let articleId: string;
  let imageId: string;

  beforeAll(async () => {
    const article = await newArticle('harbour-pictures');
    articleId = article.id;
    const { json } = await upload(client.app, SMALL_PNG, {
      metadata: {
        caption: 'The quay at dawn.',
        credit: 'Photograph: Test',
        licence: 'CC0-1.0',
        focalX: 0.25,
        focalY: 0.75,
      },
    });
    imageId = json.data.uploadImage.image.id;
    const set = await gql(
      `mutation($a: ID!, $i: ID) { setArticleLeadImage(articleId: $a, imageId: $i) { __typename ... on SetArticleLeadImageSuccess { article { version leadImage { id } } } } }`,
      { a: articleId, i: imageId },
    );
    expect(set.data.setArticleLeadImage).toEqual({
      __typename: 'SetArticleLeadImageSuccess',
      article: { version: 2, leadImage: { id: imageId } },
    });
  });

  it('refuses to publish while the lead image has no alt text (IMAGE_ALT_REQUIRED), and publishes once it has', async () => {
    const refused = await gql(
      `mutation($id: ID!) { publishArticle(id: $id) { __typename ... on MutationError { field message } ... on ValidationError { reason } } }`,
      { id: articleId },
    );
    expect(refused.data.publishArticle).toEqual({
      __typename: 'ValidationError',
      field: 'id',
      reason: 'REQUIRED',
      message:
        'The lead image has no alt text: describe it with updateImage(input: { metadata: { alt } }) before publishing',
    });
    const described = await gql(
      `mutation($id: ID!) { updateImage(id: $id, metadata: { alt: "Cranes on the quay at dawn" }, expectedVersion: 1) { __typename ... on UpdateImageSuccess { image { alt version } } } }`,
      { id: imageId },
    );
    expect(described.data.updateImage).toEqual({
      __typename: 'UpdateImageSuccess',
      image: { alt: 'Cranes on the quay at dawn', version: 2 },
    });
    const published = await gql(`mutation($id: ID!) { publishArticle(id: $id) { __typename } }`, { id: articleId });
    expect(published.data.publishArticle.__typename).toBe('PublishArticleSuccess');
    const cleared = await gql(
      `mutation($id: ID!) { updateImage(id: $id, metadata: { alt: null }) { __typename ... on MutationError { field } } }`,
      { id: imageId },
    );
    expect(cleared.data.updateImage).toEqual({ __typename: 'ValidationError', field: 'metadata.alt' });
  });

  it('records the lead-image change in the revisions', async () => {
    const result = await gql(
      `query($id: ID!) { article(id: $id) { revisions { action changes { field from to } } } }`,
      { id: articleId },
    );
    expect(result.errors).toBeUndefined();
    const setImages = result.data.article.revisions.find((r: { action: string }) => r.action === 'SET_IMAGES');
    expect(setImages.changes).toEqual([
      { field: 'leadImageId', from: null, to: String(Buffer.from(imageId, 'base64').toString().split(':')[1]) },
    ]);
  });

  const PAGE = `query { article(slug: "harbour-pictures") { title leadImage { alt caption credit licence width height url(width: 800) srcset(widths: [320, 640]) cropped: url(width: 300, height: 300, format: WEBP) } socialImage { id } } }`;

  it('serves the page with its lead image and signed renditions in one statement, compiled, as the executor writes them', async () => {
    const compiled = client.app.compiledReads!.stats.executed;
    const { result, statements } = await client.countStatements(PAGE);
    expect(result.errors).toBeUndefined();
    expect(statements).toBe(1);
    expect(client.app.compiledReads!.stats.executed - compiled).toBe(1);
    const image = result.data.article.leadImage;
    expect(image).toMatchObject({
      alt: 'Cranes on the quay at dawn',
      caption: 'The quay at dawn.',
      credit: 'Photograph: Test',
      licence: 'CC0-1.0',
      width: 64,
      height: 40,
    });
    const key = (
      await database.db
        .selectFrom('images')
        .select('storageKey')
        .where('caption', '=', 'The quay at dawn.')
        .executeTakeFirstOrThrow()
    ).storageKey;
    const source = Buffer.from(`local:///${key}`).toString('base64url');
    expect(image.url).toMatch(
      new RegExp(`^https://img\\.example/[A-Za-z0-9_-]{43}/rs:fill:800:0/g:fp:0\\.25:0\\.75/${source}\\.png$`),
    );
    expect(image.cropped).toMatch(new RegExp(`/rs:fill:300:300/g:fp:0\\.25:0\\.75/${source}\\.webp$`));
    const [small, large] = image.srcset.split(', ');
    expect(small).toMatch(/^https:\/\/img\.example\/\S+\/rs:fill:320:0\/\S+ 320w$/);
    expect(large).toMatch(/ 640w$/);
    for (const url of [image.url, image.cropped, small.split(' ')[0], large.split(' ')[0]])
      expect(verifies(url), url).toBe(true);
    expect(verifies(image.url.replace('800', '801'))).toBe(false);
    expect(result.data.article.socialImage).toEqual({ id: imageId });
    // A list of articles with their lead images is one statement too.
    const list = await client.countStatements(
      `{ articles(first: 5) { edges { node { slug leadImage { url(width: 320) } } } } }`,
    );
    expect(list.statements).toBe(1);
    const listed = list.result.data.articles.edges.find(
      (e: { node: { slug: string } }) => e.node.slug === 'harbour-pictures',
    ).node.leadImage.url;
    expect(listed).toMatch(/\/rs:fill:320:0\//);
    expect(verifies(listed)).toBe(true);
    // The executor (editors read through it) writes the same URLs from JavaScript.
    const viaMutation = await gql(
      `mutation($id: ID!) { updateImage(id: $id, metadata: {}) { ... on UpdateImageSuccess { image { url(width: 800) srcset(widths: [320, 640]) cropped: url(width: 300, height: 300, format: WEBP) } } } }`,
      { id: imageId },
    );
    expect(viaMutation.data.updateImage.image).toEqual({
      url: image.url,
      srcset: image.srcset,
      cropped: image.cropped,
    });
  });

  it('bounds widths: count, values, and the cost', async () => {
    const tooMany = await client.query(
      `{ article(slug: "harbour-pictures") { leadImage { srcset(widths: [1,2,3,4,5,6,7,8,9,10,11]) } } }`,
    );
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const tooWide = await client.query(`{ article(slug: "harbour-pictures") { leadImage { url(width: 5000) } } }`);
    expect(tooWide.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const zero = await client.query(`{ article(slug: "harbour-pictures") { leadImage { url(width: 0) } } }`);
    expect(zero.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const byVariable = `query($w: Int!, $ws: [Int!]!) { article(slug: "harbour-pictures") { leadImage { url(width: $w) srcset(widths: $ws) } } }`;
    const compiled = client.app.compiledReads!.stats.executed;
    const good = await client.query(byVariable, { w: 800, ws: [320, 640] });
    expect(client.app.compiledReads!.stats.executed - compiled).toBe(1);
    expect(verifies(good.data.article.leadImage.url)).toBe(true);
    const wide = await client.query(byVariable, { w: 5000, ws: [320] });
    expect(wide.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(wide.errors?.[0]?.message).toBe('`width` must be from 1 to 4096');
    const tight = createTestClient(database, { images: images(), httpPlugins: { limits: { maxCost: 25 } } });
    const widths = '[100,200,300,400,500,600,700,800,900,1000]';
    const fits = await tight.query(
      `{ article(slug: "harbour-pictures") { leadImage { a: srcset(widths: ${widths}) } } }`,
    );
    expect(fits.errors).toBeUndefined();
    const over = await tight.query(
      `{ article(slug: "harbour-pictures") { leadImage { a: srcset(widths: ${widths}) b: srcset(widths: ${widths}) c: srcset(widths: ${widths}) } } }`,
    );
    expect(over.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('places images in the body after a paragraph, in reading order', async () => {
    const version = (await gql(`query($id: ID!) { article(id: $id) { version } }`, { id: articleId })).data.article
      .version;
    const bad = await gql(
      `mutation($a: ID!, $i: ID!) { setArticleImages(articleId: $a, images: [{ imageId: $i, afterParagraph: 4 }]) { __typename ... on MutationError { field } } }`,
      { a: articleId, i: imageId },
    );
    expect(bad.data.setArticleImages).toEqual({ __typename: 'ValidationError', field: 'images.0.afterParagraph' });
    const set = await gql(
      `mutation($a: ID!, $i: ID!, $v: Int) { setArticleImages(articleId: $a, images: [{ imageId: $i, afterParagraph: 2 }, { imageId: $i, afterParagraph: 0 }], expectedVersion: $v) { __typename } }`,
      { a: articleId, i: imageId, v: version },
    );
    expect(set.data.setArticleImages.__typename).toBe('SetArticleImagesSuccess');
    const { result, statements } = await client.countStatements(
      `{ article(slug: "harbour-pictures") { paragraphs images { afterParagraph image { alt url(width: 640) } } } }`,
    );
    expect(statements).toBe(1);
    expect(result.data.article.images.map((i: { afterParagraph: number }) => i.afterParagraph)).toEqual([0, 2]);
    expect(result.data.article.images[0].image.alt).toBe('Cranes on the quay at dawn');
  });

  it('shows the public an image only once a visible article uses it', async () => {
    const { json } = await upload(client.app, SMALL_PNG, { metadata: { alt: 'Not yet used' } });
    const id = json.data.uploadImage.image.id;
    expect((await client.query(`query($id: ID!) { node(id: $id) { id } }`, { id })).data.node).toBeNull();
    expect((await gql(`query($id: ID!) { node(id: $id) { ... on Image { alt } } }`, { id })).data.node).toEqual({
      alt: 'Not yet used',
    });
    expect(
      (await client.query(`query($id: ID!) { node(id: $id) { ... on Image { alt } } }`, { id: imageId })).data.node,
    ).toEqual({ alt: 'Cranes on the quay at dawn' });
  });

  it('resolves Image as a federation entity by id, with the public rule', async () => {
    const result = await client.query(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Image { alt width } } }`,
      { r: [{ __typename: 'Image', id: imageId }] },
    );
    expect(result, JSON.stringify(result.errors)).toEqual({
      data: { _entities: [{ alt: 'Cranes on the quay at dawn', width: 64 }] },
    });
  });

  it('reads lead images of a list of drafts for editors with no statement per article', async () => {
    for (const slug of ['draft-with-image-1', 'draft-with-image-2']) {
      const article = await newArticle(slug);
      await gql(`mutation($a: ID!, $i: ID) { setArticleLeadImage(articleId: $a, imageId: $i) { __typename } }`, {
        a: article.id,
        i: imageId,
      });
    }
    const statementsFor = async (first: number) => {
      const before = database.stats.statements;
      const result = await gql(
        `{ articles(first: ${first}, filter: { status: [DRAFT] }) { edges { node { slug leadImage { alt url(width: 100) } } } } }`,
      );
      expect(result.errors).toBeUndefined();
      expect(
        result.data.articles.edges.map((e: { node: { leadImage: { alt: string } | null } }) => e.node.leadImage?.alt),
      ).toEqual(Array(first).fill('Cranes on the quay at dawn'));
      return database.stats.statements - before;
    };
    expect(await statementsFor(2)).toBe(await statementsFor(1));
  });

  it('publishes freely when IMAGE_ALT_REQUIRED is off', async () => {
    const relaxed = createTestClient(database, {
      images: loadImagesConfig({ MEDIA_DIR: mediaDir, IMAGE_ALT_REQUIRED: 'false' }),
    });
    const article = await newArticle('no-alt-needed');
    const { json } = await upload(relaxed.app, SMALL_PNG);
    const r = (q: string, v: Record<string, unknown>) => relaxed.query(q, v, editor);
    await r(`mutation($a: ID!, $i: ID) { setArticleLeadImage(articleId: $a, imageId: $i) { __typename } }`, {
      a: article.id,
      i: json.data.uploadImage.image.id,
    });
    expect(
      (await r(`mutation($id: ID!) { publishArticle(id: $id) { __typename } }`, { id: article.id })).data.publishArticle
        .__typename,
    ).toBe('PublishArticleSuccess');
  });
});

describe('createImage and the importer', () => {
  it('records an external image without fetching it, validating the URL', async () => {
    const bad = await gql(
      `mutation { createImage(input: { externalUrl: "javascript:alert(1)", width: 10, height: 10, mimeType: "image/jpeg" }) { __typename ... on MutationError { field } } }`,
    );
    expect(bad.data.createImage).toEqual({ __typename: 'ValidationError', field: 'input.externalUrl' });
    const made = await gql(
      `mutation { createImage(input: { externalUrl: "https://agency.example/p/1.jpg", width: 1200, height: 800, mimeType: "image/jpeg", metadata: { alt: "Agency picture" } }) { ... on CreateImageSuccess { image { originalUrl width url(width: 600) } } } }`,
    );
    expect(made.data.createImage.image).toMatchObject({ originalUrl: 'https://agency.example/p/1.jpg', width: 1200 });
    expect(
      made.data.createImage.image.url.endsWith(
        `/${Buffer.from('https://agency.example/p/1.jpg').toString('base64url')}.jpg`,
      ),
    ).toBe(true);
    expect(verifies(made.data.createImage.image.url)).toBe(true);
  });

  it('imports a lead image by URL or storage key with its metadata, once however often the line is imported', async () => {
    const line = {
      externalId: 'wire-1',
      title: 'Wire story with a picture',
      body: 'A paragraph.',
      publishedAt: '2026-02-01T10:00:00Z',
      leadImage: {
        url: 'https://wire.example/a.jpg',
        width: 900,
        height: 600,
        mimeType: 'image/jpeg',
        alt: 'Wire picture',
        credit: 'Wire',
        licence: 'Editorial use only',
        focalX: 0.4,
      },
    };
    await writeRecord(database.db, validateRecord(line));
    expect(await writeRecord(database.db, validateRecord(line))).toBe('unchanged');
    const page = await client.query(
      `{ article(slug: "wire-story-with-a-picture") { leadImage { alt credit licence width focalX originalUrl } } }`,
    );
    expect(page.data.article.leadImage).toEqual({
      alt: 'Wire picture',
      credit: 'Wire',
      licence: 'Editorial use only',
      width: 900,
      focalX: 0.4,
      originalUrl: 'https://wire.example/a.jpg',
    });
    expect(() =>
      validateRecord({
        ...line,
        leadImage: { storageKey: '../etc/passwd', width: 1, height: 1, mimeType: 'image/png' },
      }),
    ).toThrow(/storageKey/);
    expect(() =>
      validateRecord({
        ...line,
        leadImage: { url: 'https://x.example/a.jpg', storageKey: 'a.png', width: 1, height: 1, mimeType: 'image/png' },
      }),
    ).toThrow(/exactly one/);
    expect(() =>
      validateRecord({
        ...line,
        leadImage: { url: 'https://x.example/a.jpg', width: 0, height: 1, mimeType: 'image/png' },
      }),
    ).toThrow(/width/);
  });
});

describe('rendition templates', () => {
  it('writes the same URL compiled and in JavaScript for sources with ?, @ and long URLs, in both imgproxy forms', async () => {
    const url = `https://wire.example/photos/a@2x.jpg?size=large&token=${'x'.repeat(120)}`;
    await writeRecord(
      database.db,
      validateRecord({
        externalId: 'wire-2',
        title: 'Odd picture URL',
        body: 'A paragraph.',
        publishedAt: '2026-02-02T10:00:00Z',
        leadImage: { url, width: 10, height: 10, mimeType: 'image/jpeg', alt: 'Odd' },
      }),
    );
    for (const env of [{}, { IMAGE_PROXY_PATH: 'rs:fit:{width}:{height}/plain/{source}@{format}' }]) {
      const config = loadImagesConfig({
        MEDIA_DIR: mediaDir,
        IMAGE_PROXY_URL: 'https://img.example',
        IMAGE_PROXY_KEY: KEY,
        IMAGE_PROXY_SALT: SALT,
        ...env,
      });
      const app = createTestClient(database, { images: config });
      const compiled = app.app.compiledReads!.stats.executed;
      const page = await app.query(
        `{ article(slug: "odd-picture-url") { leadImage { id url(width: 640) srcset(widths: [100, 200]) } } }`,
      );
      expect(app.app.compiledReads!.stats.executed - compiled).toBe(1);
      const image = page.data.article.leadImage;
      expect(verifies(image.url)).toBe(true);
      const viaExecutor = await app.query(
        `query($id: ID!) { node(id: $id) { ... on Image { url(width: 640) srcset(widths: [100, 200]) } } }`,
        { id: image.id },
        editor,
      );
      expect(viaExecutor.data.node).toEqual({ url: image.url, srcset: image.srcset });
      if ('IMAGE_PROXY_PATH' in env) expect(image.url.endsWith(`/rs:fit:640:0/plain/${url}@jpg`)).toBe(true);
      else expect(image.url.endsWith(`/${Buffer.from(url).toString('base64url')}.jpg`)).toBe(true);
    }
  });
});

describe('demo content', () => {
  it('seeds the demo articles with their lead image, stored and served from the local folder', async () => {
    await seedDemoContent(database.db, createLocalStorage(mediaDir));
    const page = await client.query(
      `{ article(slug: "rotterdam-port-rehearses-overnight-storm-shutdown") { leadImage { alt width height mimeType originalUrl } } }`,
    );
    expect(page.data.article.leadImage).toEqual({
      alt: 'Two harbour cranes in silhouette against an orange dawn sky, with a low sun over dark water',
      width: 480,
      height: 300,
      mimeType: 'image/png',
      originalUrl: '/media/demo/harbour-at-dawn.png',
    });
    const served = await client.app.fetch('http://localhost/media/demo/harbour-at-dawn.png');
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(
      Buffer.compare(
        Buffer.from(await served.arrayBuffer()),
        await readFile(new URL('../demo/media/harbour-at-dawn.png', import.meta.url)),
      ),
    ).toBe(0);
  });
});

describe('rendition settings', () => {
  it('refuses half a signing pair, bad hex and templates without a source', () => {
    expect(() => loadImagesConfig({ IMAGE_PROXY_KEY: KEY })).toThrow(/IMAGE_PROXY_SALT/);
    expect(() => loadImagesConfig({ IMAGE_PROXY_KEY: 'zz', IMAGE_PROXY_SALT: SALT })).toThrow(/hex/);
    expect(() => loadImagesConfig({ IMAGE_PROXY_PATH: 'rs:fit:{width}' })).toThrow(/IMAGE_PROXY_PATH/);
    expect(() => loadImagesConfig({ S3_ENDPOINT: 'http://127.0.0.1:9000' })).toThrow(/S3_BUCKET/);
    expect(loadImagesConfig({}).renditions).toMatchObject({
      baseUrl: '/images',
      key: undefined,
      sourcePrefix: 'local:///',
    });
  });
});

describe('unsigned renditions', () => {
  it('are warned of at start in production, and only there (the server still starts)', () => {
    const unsigned = loadImagesConfig({});
    expect(imagesStartupWarning(unsigned, 'production')).toMatch(/IMAGE_PROXY_KEY.*insecure/);
    expect(imagesStartupWarning(unsigned, 'development')).toBeUndefined();
    expect(
      imagesStartupWarning(loadImagesConfig({ IMAGE_PROXY_KEY: KEY, IMAGE_PROXY_SALT: SALT }), 'production'),
    ).toBeUndefined();
  });
});
