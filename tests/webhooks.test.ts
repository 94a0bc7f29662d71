import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWebhookConfig } from '../src/config.js';
import { importNdjson } from '../src/content/importer.js';
import { startPublicationScheduler } from '../src/content/scheduler.js';
import { createDatabase } from '../src/db/database.js';
import { latestContentChangeId, pruneContentChanges } from '../src/db/queries/content-changes.js';
import { createInProcessEvents } from '../src/events.js';
import { isNonPublicAddress } from '../src/webhooks/address-policy.js';
import { WEBHOOK_EVENT_TYPE_NAMES } from '../src/webhooks/event-types.js';
import { sendWebhook } from '../src/webhooks/send.js';
import { retryDelayMs, startWebhookWorker, type WebhookWorker } from '../src/webhooks/worker.js';
import { createToken } from './helpers/auth.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';
import { type ServerProcess, startServerProcess } from './helpers/processes.js';

// Webhooks end to end: GraphQL registers endpoints, writes go through the editorial API and the
// importer, a worker delivers to real HTTP receivers on ephemeral ports, and the receivers check
// every signature with the standardwebhooks package, as a subscriber's code would.

interface Received {
  id: string;
  payload: any;
  verified: boolean;
  error?: string;
}

type Respond = (request: http.IncomingMessage, response: http.ServerResponse) => void;

interface Receiver {
  url: string;
  port: number;
  secret: string;
  received: Received[];
  respond: Respond;
  close(): Promise<void>;
}

const receivers: Receiver[] = [];

/** An HTTP server that verifies each request's signature with standardwebhooks' Webhook.verify. */
async function startReceiver(port = 0): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    port: 0,
    secret: '',
    received: [],
    respond: (_request, response) => response.end('ok'),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const entry: Received = { id: String(request.headers['webhook-id']), payload: undefined, verified: false };
      try {
        entry.payload = new Webhook(receiver.secret).verify(body, request.headers as Record<string, string>);
        entry.verified = true;
      } catch (error) {
        entry.error = (error as Error).message;
      }
      receiver.received.push(entry);
      receiver.respond(request, response);
    });
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}/hooks`;
  receivers.push(receiver);
  return receiver;
}

/** A port nothing listens on (taken, then let go). */
async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const TEST_CONFIG = loadWebhookConfig({
  WEBHOOK_POLL_INTERVAL_MS: '0',
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  WEBHOOK_RETRY_BASE_DELAY_MS: '1000',
  WEBHOOK_MAX_ATTEMPTS: '4',
  WEBHOOK_DISABLE_AFTER_FAILURES: '3',
  WEBHOOK_TIMEOUT_MS: '3000',
});

let database: TestDatabase;
let client: ReturnType<typeof createTestClient>;
let worker: WebhookWorker;
let manager: Record<string, string>;
let writer: Record<string, string>;
let editor: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  client = createTestClient(database, { webhooksAllowPrivateNetworks: true });
  worker = startWebhookWorker({ db: database.db, config: TEST_CONFIG });
  manager = (await createToken(database.db, 'platform', ['manage:webhooks'])).headers;
  writer = (await createToken(database.db, 'night-desk', ['write:articles', 'write:entities', 'read:drafts'])).headers;
  editor = (await createToken(database.db, 'standards-editor', ['read:drafts'])).headers;
});

afterAll(async () => {
  await worker?.stop();
  for (const receiver of receivers) await receiver.close();
});

const REGISTER = `mutation($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) {
    __typename
    ... on CreateWebhookEndpointSuccess { secret webhookEndpoint { id url events enabled createdBy } }
    ... on ValidationError { field reason message }
  }
}`;

/** Every event, by its GraphQL enum name (article.published: ARTICLE_PUBLISHED). */
const ALL_EVENTS = WEBHOOK_EVENT_TYPE_NAMES.map((type) => type.replace('.', '_').toUpperCase());

async function register(receiver: Receiver, events = ALL_EVENTS): Promise<string> {
  const result = await client.query(
    REGISTER,
    { input: { url: receiver.url, events, description: 'front end rebuilds' } },
    manager,
  );
  const created = result.data?.createWebhookEndpoint;
  if (created?.__typename !== 'CreateWebhookEndpointSuccess') throw new Error(JSON.stringify(result));
  receiver.secret = created.secret;
  return created.webhookEndpoint.id as string;
}

async function removeEndpoint(id: string): Promise<void> {
  await client.query('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { __typename } }', { id }, manager);
}

async function write(query: string, variables: Record<string, unknown>): Promise<any> {
  const result = await client.query(query, variables, writer);
  const value = Object.values(result.data ?? {})[0] as any;
  if (!value || (value.__typename && !value.__typename.endsWith('Success'))) throw new Error(JSON.stringify(result));
  return value;
}

const CREATE =
  'mutation($input: CreateArticleInput!) { createArticle(input: $input) { __typename ... on CreateArticleSuccess { article { id } } } }';
const UPDATE = 'mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { __typename } }';
const VERSION = 'query($id: ID!) { node(id: $id) { ... on Article { version } } }';
const PUBLISH = 'mutation($id: ID!) { publishArticle(id: $id) { __typename } }';
const UNPUBLISH = 'mutation($id: ID!) { unpublishArticle(id: $id) { __typename } }';
const DELETE = 'mutation($id: ID!) { deleteArticle(id: $id) { __typename } }';

/** updateArticle at the article's current version. */
async function update(id: string, fields: Record<string, unknown>): Promise<void> {
  const expectedVersion = (await client.query(VERSION, { id }, writer)).data.node.version;
  await write(UPDATE, { input: { id, expectedVersion, ...fields } });
}

async function createDraft(slug: string, body = 'Draft text that must never reach a webhook.'): Promise<string> {
  return (await write(CREATE, { input: { title: `Title ${slug}`, slug, body } })).article.id;
}

/** Makes every waiting retry due now: the backoff's length is asserted on the recorded schedule, not waited for. */
async function retriesDueNow(): Promise<void> {
  await sql`update webhook_deliveries set next_attempt_at = now() where status = 'PENDING'`.execute(database.db);
}

const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
const keyOf = (id: string) => Number(Buffer.from(id, 'base64').toString('utf8').split(':')[1]);

describe('registering endpoints', () => {
  it('needs manage:webhooks; the secret is generated in whsec_ form and shown once; the log is readable by editors', async () => {
    const receiver = await startReceiver();
    const input = { url: receiver.url, events: ['ARTICLE_PUBLISHED'] };
    const anonymous = await client.query(REGISTER, { input });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const byWriter = await client.query(REGISTER, { input }, writer);
    expect(byWriter.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const byEditor = await client.query(REGISTER, { input }, editor);
    expect(byEditor.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const created = (await client.query(REGISTER, { input }, manager)).data.createWebhookEndpoint;
    expect(created.__typename).toBe('CreateWebhookEndpointSuccess');
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(created.secret.slice(6), 'base64')).toHaveLength(32);
    expect(created.webhookEndpoint).toEqual({
      id: expect.any(String),
      url: receiver.url,
      events: ['ARTICLE_PUBLISHED'],
      enabled: true,
      createdBy: 'platform',
    });

    // The secret is a column of the endpoint, never a field of it: there is nothing to read it back with.
    const introspected = await client.query('{ __type(name: "WebhookEndpoint") { fields { name } } }');
    expect(introspected.data.__type.fields.map((f: { name: string }) => f.name)).not.toContain('secret');

    const list = '{ webhookEndpoints { id url } }';
    expect((await client.query(list, {}, manager)).data.webhookEndpoints).toContainEqual({
      id: created.webhookEndpoint.id,
      url: receiver.url,
    });
    expect((await client.query(list)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // URLs often hold the receiver's secret, and the log what receivers answered: read:drafts is not enough.
    for (const headers of [editor, writer]) {
      const refused = await client.query(list, {}, headers);
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(refused.data).toBeNull();
      const one = await client.query(
        'query($id: ID!) { webhookEndpoint(id: $id) { url deliveries(first: 1) { edges { node { attemptLog { responseBody error } } } } } }',
        { id: created.webhookEndpoint.id },
        headers,
      );
      expect(one.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    await removeEndpoint(created.webhookEndpoint.id);
  });

  it('refuses a bad URL, an unknown or missing event and a malformed secret with typed errors', async () => {
    const attempt = async (input: Record<string, unknown>, app = client) =>
      await app.query(REGISTER, { input: { events: ['ARTICLE_PUBLISHED'], ...input } }, manager);
    const failure = async (input: Record<string, unknown>, app = client) => {
      const { field, reason } = (await attempt(input, app)).data.createWebhookEndpoint;
      return { field, reason };
    };
    expect(await failure({ url: 'not a url' })).toEqual({ field: 'input.url', reason: 'INVALID_FORMAT' });
    expect(await failure({ url: 'ftp://files.example/hook' })).toEqual({
      field: 'input.url',
      reason: 'INVALID_FORMAT',
    });
    expect(await failure({ url: 'http://front.example/hook' })).toEqual({ field: 'input.url', reason: 'NOT_ALLOWED' });
    expect(await failure({ url: 'https://user:pass@front.example/hook' })).toEqual({
      field: 'input.url',
      reason: 'NOT_ALLOWED',
    });
    expect(await failure({ url: `https://front.example/${'a'.repeat(2000)}` })).toEqual({
      field: 'input.url',
      reason: 'TOO_LONG',
    });
    expect(await failure({ url: 'https://front.example/hook', events: [] })).toEqual({
      field: 'input.events',
      reason: 'REQUIRED',
    });
    expect(await failure({ url: 'https://front.example/hook', secret: 'hunter2' })).toEqual({
      field: 'input.secret',
      reason: 'INVALID_FORMAT',
    });
    expect(
      await failure({ url: 'https://front.example/hook', secret: `whsec_${Buffer.alloc(8).toString('base64')}` }),
    ).toEqual({ field: 'input.secret', reason: 'INVALID_FORMAT' });

    // An event that does not exist is refused by the schema itself (WebhookEventType), naming the value.
    const unknown = await attempt({
      url: 'https://front.example/hook',
      events: ['ARTICLE_PUBLISHED', 'ARTICLE_LIKED'],
    });
    expect(unknown.data).toBeUndefined();
    expect(unknown.errors?.[0]?.message).toContain('ARTICLE_LIKED');
    expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');

    // Without WEBHOOK_ALLOW_PRIVATE_NETWORKS, loopback and private addresses are refused.
    const strict = createTestClient(database);
    for (const url of [
      'http://127.0.0.1:9/hook',
      'http://localhost:9/hook',
      'https://10.1.2.3/hook',
      'https://[::1]/hook',
      'https://[::ffff:169.254.169.254]/latest',
      'https://192.168.0.10/',
    ]) {
      expect(await failure({ url }, strict), url).toEqual({ field: 'input.url', reason: 'NOT_ALLOWED' });
    }
    // IPv6 forms that reach an IPv4 host: compatible (::/96), SIIT (::ffff:0:0/96), NAT64, 6to4.
    for (const url of [
      'https://[::127.0.0.1]/',
      'https://[::a9fe:a9fe]/latest',
      'https://[::ffff:0:7f00:1]/',
      'https://[::ffff:0:10.0.0.1]/',
      'https://[64:ff9b::7f00:1]/',
      'https://[64:ff9b::a9fe:a9fe]/latest',
      'https://[2002:7f00:1::]/',
      'https://[2002:c0a8:1::1]/',
      'https://[2002:a9fe:a9fe::]/latest',
    ]) {
      expect(await failure({ url }, strict), url).toEqual({ field: 'input.url', reason: 'NOT_ALLOWED' });
    }
    // …at connection time too, whatever a name resolves to.
    for (const address of [
      '::127.0.0.1',
      '::ffff:0:7f00:1',
      '64:ff9b::10.0.0.1',
      '2002:0a00:0001::1',
      '::ffff:127.0.0.1',
      '::',
    ])
      expect(isNonPublicAddress(address), address).toBe(true);
    for (const address of ['2606:4700::1111', '::ffff:1.1.1.1', '1.1.1.1'])
      expect(isNonPublicAddress(address), address).toBe(false);
    // A supplied secret is kept as given.
    const secret = `whsec_${Buffer.alloc(24, 7).toString('base64')}`;
    const supplied = (await attempt({ url: 'https://front.example/hook', secret }, strict)).data.createWebhookEndpoint;
    expect(supplied.secret).toBe(secret);
    await removeEndpoint(supplied.webhookEndpoint.id);
  });
});

describe('the number of endpoints', () => {
  it('is bounded: past 100, registering is a typed error', async () => {
    const existing = Number(
      (await sql<{ n: number }>`select count(*)::int as n from webhook_endpoints`.execute(database.db)).rows[0]!.n,
    );
    await sql`insert into webhook_endpoints (url, events, secret, created_by, enabled)
      select 'https://front.example/' || i, '{article.published}', 'whsec_x', 'filler', false from generate_series(1, ${100 - existing}) as i`.execute(
      database.db,
    );
    try {
      const result = await client.query(
        REGISTER,
        { input: { url: 'https://front.example/one-more', events: ['ARTICLE_PUBLISHED'] } },
        manager,
      );
      expect(result.data.createWebhookEndpoint).toMatchObject({
        __typename: 'ValidationError',
        field: 'input',
        reason: 'OUT_OF_RANGE',
      });
    } finally {
      await sql`delete from webhook_endpoints where created_by = 'filler'`.execute(database.db);
    }
  });
});

describe('delivery', () => {
  it('sends every event type, signed, with the documented payload and nothing of drafts', async () => {
    const receiver = await startReceiver();
    const endpointId = await register(receiver);

    // A draft's life is not an event.
    const id = await createDraft('harbour-reopens');
    await update(id, { title: 'Harbour reopens after storm' });
    await worker.drain();
    expect(receiver.received).toEqual([]);

    await write(PUBLISH, { id });
    await update(id, { title: 'Harbour reopens to ferries' });
    await write(UNPUBLISH, { id });
    await update(id, { body: 'A secret draft body.' });
    await write(PUBLISH, { id });
    await write(DELETE, { id });
    const report = await importNdjson(
      database.db,
      Readable.from(
        [
          {
            externalId: 'wh-1',
            slug: 'quill-speaks',
            title: 'Quill speaks',
            body: 'Ada Quill spoke at the harbour.',
            status: 'PUBLISHED',
            publishedAt: '2026-11-01T09:00:00Z',
            entities: [{ name: 'Ada Quill', kind: 'PERSON' }],
          },
          {
            externalId: 'wh-2',
            slug: 'quill-returns',
            title: 'Quill returns',
            body: 'Ada M. Quill returned to Port Vale.',
            status: 'PUBLISHED',
            publishedAt: '2026-11-02T09:00:00Z',
            entities: [{ name: 'Ada M. Quill', kind: 'PERSON' }],
          },
        ].map((line) => `${JSON.stringify(line)}\n`),
      ),
    );
    expect(report.created).toBe(2);
    // An import that changes a public article, and a scheduled article whose time comes.
    const again = await importNdjson(
      database.db,
      Readable.from([
        `${JSON.stringify({ externalId: 'wh-1', slug: 'quill-speaks', title: 'Quill speaks again', body: 'Ada Quill spoke at the harbour.', status: 'PUBLISHED', publishedAt: '2026-11-01T09:00:00Z', entities: [{ name: 'Ada Quill', kind: 'PERSON' }] })}\n`,
      ]),
    );
    expect(again.updated).toBe(1);
    const scheduled = await createDraft('tomorrow-edition');
    await write('mutation($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { __typename } }', {
      id: scheduled,
      at: new Date(Date.now() + 1000).toISOString(),
    });
    await worker.drain();
    const beforeDue = receiver.received.length;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const scheduler = startPublicationScheduler({ db: database.db, events: createInProcessEvents(), intervalMs: 0 });
    expect(await scheduler.tick()).toBe(1);
    await scheduler.stop();
    expect(beforeDue).toBe(8); // scheduling for later was not an event
    const entityIds = await database.db
      .selectFrom('entities')
      .select(['id', 'slug'])
      .where('name', 'in', ['Ada Quill', 'Ada M. Quill'])
      .orderBy('name')
      .execute();
    const [into, from] = entityIds.sort((a, b) => a.slug.length - b.slug.length);
    await write('mutation($into: ID!, $from: [ID!]!) { mergeEntities(into: $into, from: $from) { __typename } }', {
      into: globalId('Entity', into!.id),
      from: [globalId('Entity', from!.id)],
    });
    await worker.drain();

    expect(receiver.received.every((r) => r.verified)).toBe(true);
    expect(receiver.received.map((r) => r.payload.type)).toEqual([
      'article.published',
      'article.updated',
      'article.unpublished',
      'article.published',
      'article.deleted',
      'article.published',
      'article.published',
      'article.updated',
      'article.published',
      'entity.merged',
    ]);
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(10);
    const articleId = keyOf(id);
    const [published, updated, unpublished] = receiver.received.map((r) => r.payload);
    expect(published).toEqual({
      type: 'article.published',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: {
        id,
        articleId,
        version: 3,
        slug: 'harbour-reopens',
        title: 'Harbour reopens after storm',
        publishedAt: expect.any(String),
        section: null,
      },
    });
    expect(updated.data).toMatchObject({ id, version: 4, title: 'Harbour reopens to ferries' });
    // What the public last saw, not the draft it became.
    expect(unpublished.data).toMatchObject({
      id,
      version: 5,
      title: 'Harbour reopens to ferries',
      slug: 'harbour-reopens',
    });
    expect(receiver.received[4]!.payload.data).toMatchObject({ id, slug: 'harbour-reopens' });
    expect(receiver.received[5]!.payload.data).toMatchObject({ slug: 'quill-speaks', title: 'Quill speaks' });
    expect(receiver.received[7]!.payload.data).toMatchObject({ slug: 'quill-speaks', title: 'Quill speaks again' });
    expect(receiver.received[8]!.payload.data).toMatchObject({
      id: scheduled,
      slug: 'tomorrow-edition',
      title: 'Title tomorrow-edition',
    });
    expect(receiver.received[9]!.payload.data).toEqual({
      id: globalId('Entity', into!.id),
      entityId: into!.id,
      slug: into!.slug,
      merged: [{ id: globalId('Entity', from!.id), entityId: from!.id, slug: from!.slug }],
    });
    const everything = JSON.stringify(receiver.received.map((r) => r.payload));
    expect(everything).not.toContain('draft');
    expect(everything).not.toContain('secret draft body');
    expect(everything).not.toContain('spoke at the harbour');

    // An endpoint gets only the events it subscribed to.
    const narrow = await startReceiver();
    const narrowId = await register(narrow, ['ARTICLE_DELETED']);
    const other = await createDraft('tide-tables');
    await write(PUBLISH, { id: other });
    await write(DELETE, { id: other });
    await worker.drain();
    expect(narrow.received.map((r) => r.payload.type)).toEqual(['article.deleted']);
    await removeEndpoint(endpointId);
    await removeEndpoint(narrowId);
  });

  it('announces a published article restored from the trash as published again', async () => {
    const receiver = await startReceiver();
    await register(receiver);
    const id = await createDraft('back-from-trash');
    await write(PUBLISH, { id });
    await write(DELETE, { id });
    await write('mutation($id: ID!) { restoreArticle(id: $id) { __typename } }', { id });
    await worker.drain();
    expect(receiver.received.map((r) => [r.payload.type, r.payload.data.slug])).toEqual([
      ['article.published', 'back-from-trash'],
      ['article.deleted', 'back-from-trash'],
      ['article.published', 'back-from-trash'],
    ]);
  });

  it('a receiver that is down (refused, then 500s) gets the delivery when it comes back, after growing waits', async () => {
    const port = await freePort();
    const placeholder = { url: `http://127.0.0.1:${port}/hooks`, secret: '' } as Receiver;
    const endpointId = await register(placeholder, ['ARTICLE_PUBLISHED']);

    const id = await createDraft('storm-warning');
    await write(PUBLISH, { id });
    await worker.drain(); // connection refused
    const receiver = await startReceiver(port);
    receiver.secret = placeholder.secret;
    receiver.respond = (_request, response) => {
      response.statusCode = 500;
      response.end('database is down');
    };
    await retriesDueNow();
    await worker.drain(); // 500
    receiver.respond = (_request, response) => response.end('thanks');
    await retriesDueNow();
    await worker.drain(); // 200

    expect(receiver.received.map((r) => [r.verified, r.payload.type, r.payload.data.slug])).toEqual([
      [true, 'article.published', 'storm-warning'],
      [true, 'article.published', 'storm-warning'],
    ]);
    // Every attempt of one delivery carries the same webhook-id.
    expect(receiver.received[0]!.id).toBe(receiver.received[1]!.id);

    const log = await client.query(
      `query($id: ID!) { webhookEndpoint(id: $id) { consecutiveFailures deliveries(first: 5) { edges { node {
        status attempts deliveredAt nextAttemptAt attemptLog { statusCode error responseBody attemptedAt retryAt }
      } } } } }`,
      { id: endpointId },
      manager,
    );
    const delivery = log.data.webhookEndpoint.deliveries.edges[0].node;
    expect(delivery).toMatchObject({
      status: 'SUCCEEDED',
      attempts: 3,
      deliveredAt: expect.any(String),
      nextAttemptAt: null,
    });
    expect(log.data.webhookEndpoint.consecutiveFailures).toBe(0);
    const attempts = [...delivery.attemptLog].reverse();
    expect(attempts.map((a: any) => [a.statusCode, a.error?.split(':')[0] ?? null, a.responseBody])).toEqual([
      [null, 'ECONNREFUSED', null],
      [500, 'HTTP 500', 'database is down'],
      [200, null, 'thanks'],
    ]);
    // The waits it scheduled grow: base 1 s with equal jitter, then 2 s.
    const waits = attempts.slice(0, 2).map((a: any) => Date.parse(a.retryAt) - Date.parse(a.attemptedAt));
    expect(waits[0]).toBeGreaterThanOrEqual(500);
    expect(waits[0]).toBeLessThanOrEqual(1000 + 50);
    expect(waits[1]).toBeGreaterThanOrEqual(1000 - 50);
    expect(waits[1]).toBeLessThanOrEqual(2000 + 50);
    expect(waits[1]).toBeGreaterThan(waits[0]);
    await removeEndpoint(endpointId);
  });

  it('the change feed keeps the changes webhooks have not fanned out yet', async () => {
    const receiver = await startReceiver();
    const endpointId = await register(receiver, ['ARTICLE_PUBLISHED']);
    await write(PUBLISH, { id: await createDraft('kept-for-webhooks') });
    const latest = await latestContentChangeId(database.db);
    const present = async () =>
      (await sql<{ id: number }>`select id from content_changes where id = ${latest}`.execute(database.db)).rows.length;
    await pruneContentChanges(database.db, 0);
    expect(await present()).toBe(1);
    await worker.drain();
    expect(receiver.received.map((r) => r.payload.data.slug)).toEqual(['kept-for-webhooks']);
    await pruneContentChanges(database.db, 0);
    expect(await present()).toBe(0);
    await removeEndpoint(endpointId);
  });

  it('the backoff doubles up to its cap, with jitter of up to half', () => {
    const config = { retryBaseDelayMs: 1000, retryMaxDelayMs: 10_000 };
    expect([1, 2, 3, 4, 5, 30].map((n) => retryDelayMs(n, config, () => 0))).toEqual([
      500, 1000, 2000, 4000, 5000, 5000,
    ]);
    expect([1, 2, 3, 4, 5, 30].map((n) => retryDelayMs(n, config, () => 1))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });

  it('gives up after WEBHOOK_MAX_ATTEMPTS and disables an endpoint after repeated failures; replay and enabling bring it back', async () => {
    const receiver = await startReceiver();
    receiver.respond = (_request, response) => {
      response.statusCode = 503;
      response.end();
    };
    const endpointId = await register(receiver, ['ARTICLE_PUBLISHED']);
    const id = await createDraft('failing-feed');
    await write(PUBLISH, { id });
    for (let i = 0; i < 3; i += 1) {
      await worker.drain();
      await retriesDueNow();
    }
    // Three failures in a row (WEBHOOK_DISABLE_AFTER_FAILURES): disabled, its delivery left pending.
    const state = `query($id: ID!) { webhookEndpoint(id: $id) { enabled consecutiveFailures disabledAt disabledReason
      deliveries(first: 10) { edges { node { id status attempts } } } } }`;
    let endpoint = (await client.query(state, { id: endpointId }, manager)).data.webhookEndpoint;
    expect(endpoint).toMatchObject({
      enabled: false,
      consecutiveFailures: 3,
      disabledAt: expect.any(String),
      disabledReason: 'disabled after 3 failed attempts in a row',
    });
    expect(endpoint.deliveries.edges.map((e: any) => e.node.status)).toEqual(['PENDING']);
    // A disabled endpoint is not called, and gets no new events.
    await worker.drain();
    const other = await createDraft('while-disabled');
    await write(PUBLISH, { id: other });
    await worker.drain();
    expect(receiver.received).toHaveLength(3);
    expect((await client.query(state, { id: endpointId }, manager)).data.webhookEndpoint.deliveries.edges).toHaveLength(
      1,
    );

    // Enabled again, its pending delivery fails once more: the fourth attempt is the last (WEBHOOK_MAX_ATTEMPTS).
    const enable =
      'mutation($id: ID!, $enabled: Boolean!) { updateWebhookEndpoint(id: $id, input: { enabled: $enabled }) { __typename ... on UpdateWebhookEndpointSuccess { webhookEndpoint { enabled consecutiveFailures disabledReason } } } }';
    expect(
      (await client.query(enable, { id: endpointId, enabled: true }, manager)).data.updateWebhookEndpoint
        .webhookEndpoint,
    ).toEqual({ enabled: true, consecutiveFailures: 0, disabledReason: null });
    await worker.drain();
    endpoint = (await client.query(state, { id: endpointId }, manager)).data.webhookEndpoint;
    expect(endpoint.deliveries.edges.map((e: any) => [e.node.status, e.node.attempts])).toEqual([['FAILED', 4]]);
    expect(endpoint.enabled).toBe(true);

    // Replay: the same event, the same webhook-id, signed again, and this time taken.
    receiver.respond = (_request, response) => response.end();
    const REPLAY =
      'mutation($id: ID!) { replayWebhookDelivery(id: $id) { __typename ... on ReplayWebhookDeliverySuccess { webhookDelivery { status attempts nextAttemptAt } } ... on MutationError { code field } } }';
    const deliveryId = endpoint.deliveries.edges[0].node.id;
    expect((await client.query(REPLAY, { id: deliveryId }, editor)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const replayed = (await client.query(REPLAY, { id: deliveryId }, manager)).data.replayWebhookDelivery;
    expect(replayed.webhookDelivery).toMatchObject({
      status: 'PENDING',
      attempts: 0,
      nextAttemptAt: expect.any(String),
    });
    await worker.drain();
    expect(receiver.received).toHaveLength(5);
    expect(receiver.received.every((r) => r.verified && r.id === receiver.received[0]!.id)).toBe(true);
    endpoint = (await client.query(state, { id: endpointId }, manager)).data.webhookEndpoint;
    expect(endpoint.deliveries.edges.map((e: any) => [e.node.status, e.node.attempts])).toEqual([['SUCCEEDED', 1]]);
    // Replaying a delivery that is not there is a typed error.
    expect(
      (await client.query(REPLAY, { id: globalId('WebhookDelivery', 999_999) }, manager)).data.replayWebhookDelivery,
    ).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND', field: 'id' });
    await removeEndpoint(endpointId);
  });

  it('the delivery log pages newest first and filters by status and event', async () => {
    const receiver = await startReceiver();
    const endpointId = await register(receiver, ['ARTICLE_PUBLISHED', 'ARTICLE_DELETED']);
    const ids: string[] = [];
    for (const slug of ['log-one', 'log-two', 'log-three']) {
      const id = await createDraft(slug);
      await write(PUBLISH, { id });
      ids.push(id);
    }
    await write(DELETE, { id: ids[0] });
    await worker.drain();
    const LOG = `query($id: ID!, $after: String, $status: WebhookDeliveryStatus, $eventType: WebhookEventType) { webhookEndpoint(id: $id) {
      deliveries(first: 2, after: $after, status: $status, eventType: $eventType) {
        edges { cursor node { eventType status messageId payload endpoint { id } } }
        pageInfo { hasNextPage endCursor }
      } } }`;
    const first = (await client.query(LOG, { id: endpointId }, manager)).data.webhookEndpoint.deliveries;
    const slugOf = (edge: any) => JSON.parse(edge.node.payload).data.slug;
    expect(first.edges.map((e: any) => [e.node.eventType, slugOf(e)])).toEqual([
      ['ARTICLE_DELETED', 'log-one'],
      ['ARTICLE_PUBLISHED', 'log-three'],
    ]);
    expect(first.edges[0].node.endpoint.id).toBe(endpointId);
    expect(first.edges[0].node.messageId).toBe(receiver.received[3]!.id);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await client.query(LOG, { id: endpointId, after: first.pageInfo.endCursor }, manager)).data
      .webhookEndpoint.deliveries;
    expect(second.edges.map(slugOf)).toEqual(['log-two', 'log-one']);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const deleted = (await client.query(LOG, { id: endpointId, eventType: 'ARTICLE_DELETED' }, manager)).data
      .webhookEndpoint.deliveries;
    expect(deleted.edges.map(slugOf)).toEqual(['log-one']);
    const failed = (await client.query(LOG, { id: endpointId, status: 'FAILED' }, manager)).data.webhookEndpoint
      .deliveries;
    expect(failed.edges).toEqual([]);
    // A made-up cursor is refused; the log is not public.
    expect((await client.query(LOG, { id: endpointId, after: 'bogus' }, manager)).errors?.[0]?.extensions?.code).toBe(
      'INVALID_CURSOR',
    );
    expect((await client.query(LOG, { id: endpointId })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await removeEndpoint(endpointId);
  });
});

describe('two workers on one database', () => {
  it('deliver each event to each endpoint exactly once while claiming side by side', async () => {
    const receiver = await startReceiver();
    receiver.respond = (_request, response) => setTimeout(() => response.end(), 20);
    const endpointId = await register(receiver, ['ARTICLE_PUBLISHED']);
    const drafts: string[] = [];
    for (let i = 0; i < 30; i += 1) drafts.push(await createDraft(`side-by-side-${i}`));
    // Two workers polling as servers do, each on its own pool, while the events are written.
    const second = createDatabase(database.url, { poolMax: 5 });
    const config = { ...TEST_CONFIG, pollIntervalMs: 20, concurrency: 3 };
    const workers = [
      startWebhookWorker({ db: database.db, config, name: 'one' }),
      startWebhookWorker({ db: second.db, config, name: 'two' }),
    ];
    try {
      await Promise.all(drafts.map((id) => write(PUBLISH, { id })));
      const deadline = Date.now() + 30_000;
      const settled = async () =>
        Number(
          (
            await sql<{
              n: number;
            }>`select count(*)::int as n from webhook_deliveries where endpoint_id = ${keyOf(endpointId)} and status = 'SUCCEEDED'`.execute(
              database.db,
            )
          ).rows[0]!.n,
        );
      while ((await settled()) < 30 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await second.close();
    }
    const ids = receiver.received.map((r) => r.id);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    // Both took part: each claimed some of them.
    const byWorker = await sql<{ worker: string; n: number }>`
      select a.worker, count(*)::int as n from webhook_delivery_attempts a join webhook_deliveries d on d.id = a.delivery_id
      where d.endpoint_id = ${keyOf(endpointId)} group by a.worker order by a.worker`.execute(database.db);
    expect(byWorker.rows.map((row) => row.worker)).toEqual(['one', 'two']);
    expect(byWorker.rows.reduce((sum, row) => sum + row.n, 0)).toBe(30);
    await removeEndpoint(endpointId);
  });
});

describe('two server processes on one database', () => {
  let other: TestDatabase;
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('deliver each event once, and stop gracefully', async () => {
    other = await createTestDatabase();
    const env = {
      DATABASE_URL: other.url,
      WEBHOOK_POLL_INTERVAL_MS: '50',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      SCHEDULER_INTERVAL_MS: '0',
      RESPONSE_CACHE: 'false',
    };
    servers.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
    const admin = (await createToken(other.db, 'ops', ['manage:webhooks', 'write:articles'])).headers;
    const receiver = await startReceiver();
    receiver.respond = (_request, response) => setTimeout(() => response.end(), 10);
    const gql = async (url: string, query: string, variables: Record<string, unknown>) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...admin },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as any;
    };
    const created = await gql(servers[0]!.url, REGISTER, {
      input: { url: receiver.url, events: ['ARTICLE_PUBLISHED', 'ARTICLE_UPDATED'] },
    });
    receiver.secret = created.data.createWebhookEndpoint.secret;
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i += 1) {
      const url = servers[i % 2]!.url;
      writes.push(
        (async () => {
          const draft = await gql(url, CREATE, {
            input: { title: `Two ${i}`, slug: `two-instances-${i}`, body: 'Text.' },
          });
          const id = draft.data.createArticle.article.id;
          await gql(url, PUBLISH, { id });
          await gql(servers[(i + 1) % 2]!.url, UPDATE, {
            input: { id, expectedVersion: 2, title: `Two ${i}, updated` },
          });
        })(),
      );
    }
    await Promise.all(writes);
    const deadline = Date.now() + 60_000;
    const pending = async () =>
      Number(
        (
          await sql<{
            n: number;
          }>`select count(*)::int as n from webhook_deliveries where status <> 'SUCCEEDED'`.execute(other.db)
        ).rows[0]!.n,
      );
    const total = async () =>
      Number(
        (await sql<{ n: number }>`select count(*)::int as n from webhook_deliveries`.execute(other.db)).rows[0]!.n,
      );
    while ((receiver.received.length < 40 || (await pending()) > 0) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const delivered = async (url: string) => {
      const text = await (await fetch(url.replace(/\/graphql$/, '/metrics'))).text();
      return Number(/^broadsheet_webhook_attempts_total\{outcome="delivered"\} (\d+)/m.exec(text)?.[1] ?? 0);
    };
    expect((await delivered(servers[0]!.url)) + (await delivered(servers[1]!.url))).toBe(40);
    await Promise.all(servers.map((s) => s.stop()));
    expect(await total(), servers.map((s) => s.output().slice(-3000)).join('\n---\n')).toBe(40);
    expect(await pending()).toBe(0);
    const ids = receiver.received.map((r) => r.id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    expect(receiver.received.filter((r) => r.payload.type === 'article.published')).toHaveLength(20);
    const workers = await sql<{ worker: string }>`select distinct worker from webhook_delivery_attempts`.execute(
      other.db,
    );
    // Each process that delivered is one of the two (host:pid); which took how many is up to timing.
    expect(workers.rows.length).toBeGreaterThanOrEqual(1);
    for (const { worker } of workers.rows)
      expect(servers.map((s) => `:${s.child.pid}`).some((pid) => worker.endsWith(pid))).toBe(true);
    for (const server of servers) expect(server.output()).toContain('stopped');
  }, 180_000);
});

describe('settings and secrets', () => {
  it('WEBHOOK_* settings are validated with a clear error', () => {
    expect(loadWebhookConfig({})).toMatchObject({
      pollIntervalMs: 1000,
      timeoutMs: 10_000,
      maxAttempts: 10,
      allowPrivateNetworks: false,
      disableAfterFailures: 50,
    });
    expect(() => loadWebhookConfig({ WEBHOOK_TIMEOUT_MS: 'soon' })).toThrow(/WEBHOOK_TIMEOUT_MS/);
    expect(() => loadWebhookConfig({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'maybe' })).toThrow(
      /WEBHOOK_ALLOW_PRIVATE_NETWORKS/,
    );
    expect(() =>
      loadWebhookConfig({ WEBHOOK_RETRY_BASE_DELAY_MS: '60000', WEBHOOK_RETRY_MAX_DELAY_MS: '1000' }),
    ).toThrow(/WEBHOOK_RETRY_MAX_DELAY_MS/);
  });

  it('a rotated secret signs the next attempts, and is shown once', async () => {
    const receiver = await startReceiver();
    const endpointId = await register(receiver, ['ARTICLE_PUBLISHED']);
    const ROTATE =
      'mutation($id: ID!, $secret: String) { rotateWebhookEndpointSecret(id: $id, secret: $secret) { __typename ... on RotateWebhookEndpointSecretSuccess { secret } ... on MutationError { code field } } }';
    const old = receiver.secret;
    const rotated = (await client.query(ROTATE, { id: endpointId }, manager)).data.rotateWebhookEndpointSecret;
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(old);
    expect(
      (await client.query(ROTATE, { id: endpointId, secret: 'whsec_short' }, manager)).data.rotateWebhookEndpointSecret,
    ).toEqual({ __typename: 'ValidationError', code: 'VALIDATION_FAILED', field: 'secret' });
    expect(
      (await client.query(ROTATE, { id: globalId('WebhookEndpoint', 999_999) }, manager)).data
        .rotateWebhookEndpointSecret,
    ).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND', field: 'id' });
    await write(PUBLISH, { id: await createDraft('rotated-secret') });
    await worker.drain();
    expect(receiver.received.map((r) => r.verified)).toEqual([false]);
    receiver.secret = rotated.secret;
    await client.query(
      'mutation($id: ID!) { replayWebhookDelivery(id: $id) { __typename } }',
      {
        id: (
          await client.query(
            `query($id: ID!) { webhookEndpoint(id: $id) { deliveries(first: 1) { edges { node { id } } } } }`,
            { id: endpointId },
            manager,
          )
        ).data.webhookEndpoint.deliveries.edges[0].node.id,
      },
      manager,
    );
    await worker.drain();
    expect(receiver.received.map((r) => r.verified)).toEqual([false, true]);
    await removeEndpoint(endpointId);
  });
});

describe('the sender', () => {
  const send = (url: string, overrides: Partial<Parameters<typeof sendWebhook>[0]> = {}) =>
    sendWebhook({
      url,
      secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}`,
      messageId: 'msg_1',
      body: '{"type":"article.published"}',
      timeoutMs: 500,
      maxResponseBytes: 64,
      allowPrivateNetworks: true,
      ...overrides,
    });

  it('does not follow redirects, reads a bounded part of the answer and gives up at the timeout', async () => {
    const receiver = await startReceiver();
    receiver.respond = (request, response) => {
      if (request.url === '/redirect') {
        response.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data' });
        response.end();
      } else if (request.url === '/large') {
        response.write('x'.repeat(1024 * 1024));
        // Never ends: the sender stops reading at its bound.
      } else if (request.url === '/binary') {
        response.end(Buffer.from([0, 1, 2, 0x66, 0x69, 0x6e, 0x65, 0]));
      } else if (request.url === '/slow') {
        // Never answers.
      } else response.end('fine');
    };
    const base = `http://127.0.0.1:${receiver.port}`;
    expect(await send(`${base}/redirect`)).toMatchObject({
      ok: false,
      statusCode: 307,
      error: 'redirect to http://169.254.169.254/latest/meta-data not followed',
    });
    const large = await send(`${base}/large`);
    expect(large).toMatchObject({ ok: true, statusCode: 200 });
    expect(large.responseBody).toHaveLength(64);
    expect((await send(`${base}/binary`)).responseBody).toBe('\u0001\u0002fine');
    expect(await send(`${base}/slow`)).toMatchObject({
      ok: false,
      statusCode: null,
      error: 'no complete answer within 500 ms',
    });
    expect(receiver.received.every((r) => r.error !== undefined || r.verified)).toBe(true);
  });

  it('refuses loopback, private and link-local addresses unless WEBHOOK_ALLOW_PRIVATE_NETWORKS, by name or by address', async () => {
    const receiver = await startReceiver();
    for (const url of [
      `http://127.0.0.1:${receiver.port}/`,
      `http://localhost:${receiver.port}/`,
      'http://169.254.169.254/latest',
      'http://[::ffff:10.0.0.1]/',
      'http://[::1]/',
    ]) {
      const outcome = await send(url, { allowPrivateNetworks: false });
      expect(outcome.ok, url).toBe(false);
      expect(outcome.error, url).toMatch(/non-public address/);
    }
    expect(receiver.received).toEqual([]);
    expect((await send(`http://localhost:${receiver.port}/`)).ok).toBe(true);
  });
});
