import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { revokeApiToken } from '../src/db/queries/tokens.js';
import { createToken } from './helpers/auth.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle, globalId } from './helpers/factories.js';
import { get, hardenedApp, post } from './helpers/http.js';
import { observableEvents } from './helpers/sse.js';

// Who may read what, beyond the query fields: streams opened with a token that is later revoked,
// mutation payloads of writers without `read:drafts`, and the schema served to gateways.

let database: TestDatabase;
let desk: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  desk = (await createToken(database.db, 'Access desk', ['write:articles', 'read:drafts'])).headers;
});

/** Opens an SSE subscription and collects every `next` payload until the server ends the stream. */
async function openStream(app: App, query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
  const controller = new AbortController();
  const response = await app.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  });
  const payloads: any[] = [];
  const waiters: (() => void)[] = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const ended = (async () => {
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return payloads;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^data: (.*)$/m.exec(message)?.[1];
        if (/^event: next$/m.test(message) && data !== undefined) {
          payloads.push(JSON.parse(data));
          for (const wake of waiters.splice(0)) wake();
        }
      }
    }
  })();
  return {
    status: response.status,
    payloads,
    /** Resolves once `count` payloads have arrived. */
    received: (count: number) => new Promise<void>((resolve) => (payloads.length >= count ? resolve() : waiters.push(() => payloads.length >= count && resolve()))),
    ended,
    abort: () => controller.abort(),
  };
}

const UPDATED = 'subscription($id: ID!) { articleUpdated(id: $id) { title } }';
const RETITLE = 'mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { __typename } }';

describe('revoking a token', () => {
  it('ends the subscriptions it opened: a draft stream delivers nothing after the revocation', async () => {
    const reporter = await createToken(database.db, 'Reporter on the story', ['read:drafts']);
    const draft = await createArticle(database.db, { slug: 'revoked-draft', title: 'First headline', status: 'DRAFT', publishedAt: null });
    const id = globalId('Article', draft.id);
    const events = observableEvents();
    const client = createTestClient(database, { events });
    const stream = await openStream(client.app, UPDATED, { id }, reporter.headers);
    expect(stream.status).toBe(200);
    await events.listening(`article:updated:${draft.id}`);

    await client.query(RETITLE, { input: { id, expectedVersion: 1, title: 'Second headline' } }, desk);
    await stream.received(1);
    expect(stream.payloads).toEqual([{ data: { articleUpdated: { title: 'Second headline' } } }]);

    expect(await revokeApiToken(database.db, reporter.id)).toBe(true);
    await client.query(RETITLE, { input: { id, expectedVersion: 2, title: 'Minister to resign, say sources' } }, desk);
    // The stream ends by itself, and without the new headline.
    expect(await stream.ended).toEqual([{ data: { articleUpdated: { title: 'Second headline' } } }]);
  });

  it('keeps the streams of live tokens streaming', async () => {
    const reporter = await createToken(database.db, 'Reporter still on duty', ['read:drafts']);
    const draft = await createArticle(database.db, { slug: 'live-token-draft', title: 'One', status: 'DRAFT', publishedAt: null });
    const id = globalId('Article', draft.id);
    const events = observableEvents();
    const client = createTestClient(database, { events });
    const stream = await openStream(client.app, UPDATED, { id }, reporter.headers);
    await events.listening(`article:updated:${draft.id}`);
    await client.query(RETITLE, { input: { id, expectedVersion: 1, title: 'Two' } }, desk);
    await client.query(RETITLE, { input: { id, expectedVersion: 2, title: 'Three' } }, desk);
    await stream.received(2);
    expect(stream.payloads).toEqual([{ data: { articleUpdated: { title: 'Two' } } }, { data: { articleUpdated: { title: 'Three' } } }]);
    stream.abort();
  });
});

describe('a write:articles token without read:drafts', () => {
  const UPDATE = `mutation($input: UpdateArticleInput!) {
    updateArticle(input: $input) {
      __typename
      ... on UpdateArticleSuccess { article { title body } }
      ... on MutationError { code field message }
      ... on ConflictError { currentVersion }
    }
  }`;
  let writer: Record<string, string>;
  beforeAll(async () => {
    writer = (await createToken(database.db, 'Wire bot', ['write:articles'])).headers;
  });

  it('cannot read a draft through a mutation payload: the draft is not found, before its version is compared', async () => {
    const draft = await createArticle(database.db, { slug: 'embargoed-resignation', title: 'Embargoed: Helga Brightwater to resign', status: 'DRAFT', publishedAt: null, body: 'The full embargoed text.' });
    const client = createTestClient(database);
    const notFound = { data: { updateArticle: { __typename: 'NotFoundError', code: 'NOT_FOUND', field: 'input.id', message: 'No article has this id' } } };
    for (const expectedVersion of [1, 7]) {
      const result = await client.query(UPDATE, { input: { id: globalId('Article', draft.id), expectedVersion, title: 'Embargoed: Helga Brightwater to resign' } }, writer);
      expect(result).toEqual(notFound);
    }
    // Exactly what an id that names nothing gets.
    expect(await client.query(UPDATE, { input: { id: globalId('Article', 999_999), expectedVersion: 1, title: 'x' } }, writer)).toEqual(notFound);
    for (const mutation of ['publishArticle', 'unpublishArticle', 'archiveArticle']) {
      const result = await client.query(`mutation($id: ID!) { ${mutation}(id: $id) { __typename } }`, { id: globalId('Article', draft.id) }, writer);
      expect(result.data[mutation].__typename).toBe('NotFoundError');
    }
    const untouched = await database.db.selectFrom('articles').select(['status', 'version']).where('id', '=', draft.id).executeTakeFirstOrThrow();
    expect(untouched).toEqual({ status: 'DRAFT', version: 1 });
  });

  it('keeps the drafts it created itself: edits and publishes them, while another writer gets "not found"', async () => {
    const client = createTestClient(database);
    const created = await client.query(
      'mutation { createArticle(input: { title: "Wire: own draft", body: "First take." }) { ... on CreateArticleSuccess { article { id version } } } }',
      undefined,
      writer,
    );
    const { id, version } = created.data.createArticle.article;
    const edited = await client.query(UPDATE, { input: { id, expectedVersion: version, body: 'Second take.' } }, writer);
    expect(edited).toEqual({ data: { updateArticle: { __typename: 'UpdateArticleSuccess', article: { title: 'Wire: own draft', body: 'Second take.' } } } });
    const otherWriter = (await createToken(database.db, 'Other wire bot', ['write:articles'])).headers;
    const refused = await client.query(UPDATE, { input: { id, expectedVersion: version + 1, body: 'Hijacked.' } }, otherWriter);
    expect(refused.data.updateArticle.__typename).toBe('NotFoundError');
    const published = await client.query(`mutation($id: ID!) { publishArticle(id: $id) { __typename } }`, { id }, writer);
    expect(published).toEqual({ data: { publishArticle: { __typename: 'PublishArticleSuccess' } } });
  });

  it('reads back what it wrote itself, and writes the published articles it can read', async () => {
    const client = createTestClient(database);
    const created = await client.query(
      'mutation { createArticle(input: { title: "Wire: markets open higher", body: "Markets opened higher." }) { __typename ... on CreateArticleSuccess { article { title body status } } } }',
      undefined,
      writer,
    );
    expect(created).toEqual({ data: { createArticle: { __typename: 'CreateArticleSuccess', article: { title: 'Wire: markets open higher', body: 'Markets opened higher.', status: 'DRAFT' } } } });
    const published = await createArticle(database.db, { slug: 'wire-published', title: 'Published wire story', publishedAt: '2026-01-05T08:00:00Z', body: 'Public text.' });
    const result = await client.query(UPDATE, { input: { id: globalId('Article', published.id), expectedVersion: 1, title: 'Published wire story, updated' } }, writer);
    expect(result).toEqual({ data: { updateArticle: { __typename: 'UpdateArticleSuccess', article: { title: 'Published wire story, updated', body: 'Public text.' } } } });
  });
});

describe('the schema for federation gateways (_service)', () => {
  const SERVICE = { query: '{ _service { sdl } }' };
  const secret = 'gateway-shared-secret-0123456789';

  it('is refused in production without the gateway secret, however it is asked for, and never cached', async () => {
    const app = hardenedApp(database, { nodeEnv: 'production', responseCache: { ttlMs: 60_000 }, federationSecret: secret });
    const asks = [SERVICE, { query: '{ schema: _service { sdl } }' }, { query: 'query { ...S } fragment S on Query { ... on Query { _service { sdl } } }' }];
    for (const ask of asks) {
      for (const response of [await get(app, ask), await post(app, ask), await get(app, ask, { 'x-federation-secret': 'not-the-secret-at-all-0000' })]) {
        expect(response.status).toBe(403);
        expect(response.json.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['FORBIDDEN']);
        expect(response.json.data).toBeUndefined();
        expect(response.headers.get('cache-control')).toBe('no-store');
      }
    }
  });

  it('is served to the gateway that sends the secret, with Cache-Control: no-store, and not to the next anonymous caller', async () => {
    const app = hardenedApp(database, { nodeEnv: 'production', responseCache: { ttlMs: 60_000 }, federationSecret: secret });
    const gateway = await get(app, SERVICE, { 'x-federation-secret': secret });
    expect(gateway.status).toBe(200);
    expect(gateway.json.data._service.sdl).toContain('type Mutation');
    expect(gateway.headers.get('cache-control')).toBe('no-store');
    const anonymous = await get(app, SERVICE);
    expect(anonymous.status).toBe(403);
  });

  it('is refused to everyone in production when no secret is configured', async () => {
    const app = hardenedApp(database, { nodeEnv: 'production', responseCache: { ttlMs: 60_000 } });
    expect((await get(app, SERVICE, { 'x-federation-secret': secret })).status).toBe(403);
  });

  it('is open in development, as introspection is, but never Cache-Control: public', async () => {
    const app = hardenedApp(database, { nodeEnv: 'development', responseCache: { ttlMs: 60_000 } });
    for (let i = 0; i < 2; i += 1) {
      const response = await get(app, SERVICE);
      expect(response.status).toBe(200);
      expect(response.json.data._service.sdl).toContain('type Query');
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });
});


