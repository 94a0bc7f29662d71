import { beforeAll, describe, expect, it } from 'vitest';
import { revokeApiToken } from '../src/db/queries/tokens.js';
import { createToken } from './helpers/auth.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle, globalId } from './helpers/factories.js';
import { appWithHttpPlugins, get, post } from './helpers/http.js';
import { observableEvents, subscribe } from './helpers/sse.js';

// Who may read what, beyond the query fields: streams opened with a token that is later revoked,
// mutation payloads of writers without `read:drafts`, and the schema served to gateways.

let database: TestDatabase;
let desk: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  desk = (await createToken(database.db, 'Access desk', ['write:articles', 'read:drafts'])).headers;
});

const UPDATED = 'subscription($id: ID!) { articleUpdated(id: $id) { title } }';
const RETITLE = 'mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { __typename } }';

describe('revoking a token', () => {
  it('ends the subscriptions it opened: a draft stream delivers nothing after the revocation', async () => {
    const reporter = await createToken(database.db, 'Reporter on the story', ['read:drafts']);
    const draft = await createArticle(database.db, {
      slug: 'revoked-draft',
      title: 'First headline',
      status: 'DRAFT',
      publishedAt: null,
    });
    const id = globalId('Article', draft.id);
    const events = observableEvents();
    const client = createTestClient(database, { events });
    const stream = await subscribe(client.app, UPDATED, { id }, reporter.headers);
    expect(stream.status).toBe(200);
    await events.listening(`article:updated:${draft.id}`);

    await client.query(RETITLE, { input: { id, expectedVersion: 1, title: 'Second headline' } }, desk);
    expect(await stream.next()).toEqual({ data: { articleUpdated: { title: 'Second headline' } } });

    expect(await revokeApiToken(database.db, reporter.id)).toBe(true);
    await client.query(RETITLE, { input: { id, expectedVersion: 2, title: 'Minister to resign, say sources' } }, desk);
    // The stream ends by itself, and without the new headline.
    expect(await stream.ended).toEqual([]);
  });

  it('keeps the streams of live tokens streaming', async () => {
    const reporter = await createToken(database.db, 'Reporter still on duty', ['read:drafts']);
    const draft = await createArticle(database.db, {
      slug: 'live-token-draft',
      title: 'One',
      status: 'DRAFT',
      publishedAt: null,
    });
    const id = globalId('Article', draft.id);
    const events = observableEvents();
    const client = createTestClient(database, { events });
    const stream = await subscribe(client.app, UPDATED, { id }, reporter.headers);
    await events.listening(`article:updated:${draft.id}`);
    await client.query(RETITLE, { input: { id, expectedVersion: 1, title: 'Two' } }, desk);
    await client.query(RETITLE, { input: { id, expectedVersion: 2, title: 'Three' } }, desk);
    expect([await stream.next(), await stream.next()]).toEqual([
      { data: { articleUpdated: { title: 'Two' } } },
      { data: { articleUpdated: { title: 'Three' } } },
    ]);
    await stream.close();
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
    const draft = await createArticle(database.db, {
      slug: 'embargoed-resignation',
      title: 'Embargoed: Helga Brightwater to resign',
      status: 'DRAFT',
      publishedAt: null,
      body: 'The full embargoed text.',
    });
    const client = createTestClient(database);
    const notFound = {
      data: {
        updateArticle: {
          __typename: 'NotFoundError',
          code: 'NOT_FOUND',
          field: 'input.id',
          message: 'No article has this id',
        },
      },
    };
    for (const expectedVersion of [1, 7]) {
      const result = await client.query(
        UPDATE,
        {
          input: {
            id: globalId('Article', draft.id),
            expectedVersion,
            title: 'Embargoed: Helga Brightwater to resign',
          },
        },
        writer,
      );
      expect(result).toEqual(notFound);
    }
    // Exactly what an id that names nothing gets.
    expect(
      await client.query(
        UPDATE,
        { input: { id: globalId('Article', 999_999), expectedVersion: 1, title: 'x' } },
        writer,
      ),
    ).toEqual(notFound);
    for (const mutation of ['publishArticle', 'unpublishArticle', 'archiveArticle']) {
      const result = await client.query(
        `mutation($id: ID!) { ${mutation}(id: $id) { __typename } }`,
        { id: globalId('Article', draft.id) },
        writer,
      );
      expect(result.data[mutation].__typename).toBe('NotFoundError');
    }
    const untouched = await database.db
      .selectFrom('articles')
      .select(['status', 'version'])
      .where('id', '=', draft.id)
      .executeTakeFirstOrThrow();
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
    const edited = await client.query(
      UPDATE,
      { input: { id, expectedVersion: version, body: 'Second take.' } },
      writer,
    );
    expect(edited).toEqual({
      data: {
        updateArticle: {
          __typename: 'UpdateArticleSuccess',
          article: { title: 'Wire: own draft', body: 'Second take.' },
        },
      },
    });
    const otherWriter = (await createToken(database.db, 'Other wire bot', ['write:articles'])).headers;
    const refused = await client.query(
      UPDATE,
      { input: { id, expectedVersion: version + 1, body: 'Hijacked.' } },
      otherWriter,
    );
    expect(refused.data.updateArticle.__typename).toBe('NotFoundError');
    const published = await client.query(
      `mutation($id: ID!) { publishArticle(id: $id) { __typename } }`,
      { id },
      writer,
    );
    expect(published).toEqual({ data: { publishArticle: { __typename: 'PublishArticleSuccess' } } });
  });

  it('reads back what it wrote itself, and writes the published articles it can read', async () => {
    const client = createTestClient(database);
    const created = await client.query(
      'mutation { createArticle(input: { title: "Wire: markets open higher", body: "Markets opened higher." }) { __typename ... on CreateArticleSuccess { article { title body status } } } }',
      undefined,
      writer,
    );
    expect(created).toEqual({
      data: {
        createArticle: {
          __typename: 'CreateArticleSuccess',
          article: { title: 'Wire: markets open higher', body: 'Markets opened higher.', status: 'DRAFT' },
        },
      },
    });
    const published = await createArticle(database.db, {
      slug: 'wire-published',
      title: 'Published wire story',
      publishedAt: '2026-01-05T08:00:00Z',
      body: 'Public text.',
    });
    const result = await client.query(
      UPDATE,
      { input: { id: globalId('Article', published.id), expectedVersion: 1, title: 'Published wire story, updated' } },
      writer,
    );
    expect(result).toEqual({
      data: {
        updateArticle: {
          __typename: 'UpdateArticleSuccess',
          article: { title: 'Published wire story, updated', body: 'Public text.' },
        },
      },
    });
  });
});

describe('the schema for federation gateways (_service)', () => {
  const SERVICE = { query: '{ _service { sdl } }' };
  const secret = 'gateway-shared-secret-0123456789';

  it('is refused in production without the gateway secret, however it is asked for, and never cached', async () => {
    const app = appWithHttpPlugins(database, {
      nodeEnv: 'production',
      responseCache: { ttlMs: 60_000 },
      federationSecret: secret,
    });
    const asks = [
      SERVICE,
      { query: '{ schema: _service { sdl } }' },
      { query: 'query { ...S } fragment S on Query { ... on Query { _service { sdl } } }' },
    ];
    for (const ask of asks) {
      for (const response of [
        await get(app, ask),
        await post(app, ask),
        await get(app, ask, { 'x-federation-secret': 'not-the-secret-at-all-0000' }),
      ]) {
        expect(response.status).toBe(403);
        expect(response.json.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual([
          'FORBIDDEN',
        ]);
        expect(response.json.data).toBeUndefined();
        expect(response.headers.get('cache-control')).toBe('no-store');
      }
    }
  });

  it('is served to the gateway that sends the secret, with Cache-Control: no-store, and not to the next anonymous caller', async () => {
    const app = appWithHttpPlugins(database, {
      nodeEnv: 'production',
      responseCache: { ttlMs: 60_000 },
      federationSecret: secret,
    });
    const gateway = await get(app, SERVICE, { 'x-federation-secret': secret });
    expect(gateway.status).toBe(200);
    expect(gateway.json.data._service.sdl).toContain('type Mutation');
    expect(gateway.headers.get('cache-control')).toBe('no-store');
    const anonymous = await get(app, SERVICE);
    expect(anonymous.status).toBe(403);
  });

  it('is refused to everyone in production when no secret is configured', async () => {
    const app = appWithHttpPlugins(database, { nodeEnv: 'production', responseCache: { ttlMs: 60_000 } });
    expect((await get(app, SERVICE, { 'x-federation-secret': secret })).status).toBe(403);
  });

  it('is open in development, as introspection is, but never Cache-Control: public', async () => {
    const app = appWithHttpPlugins(database, { nodeEnv: 'development', responseCache: { ttlMs: 60_000 } });
    for (let i = 0; i < 2; i += 1) {
      const response = await get(app, SERVICE);
      expect(response.status).toBe(200);
      expect(response.json.data._service.sdl).toContain('type Query');
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });
});

describe('entities that only hidden articles mention, to tokens without read:drafts', () => {
  const ADD = `mutation($input: AddArticleEntityInput!) {
    addArticleEntity(input: $input) {
      __typename
      ... on AddArticleEntitySuccess { article { entities { entity { id name slug } } } }
      ... on MutationError { code field message }
    }
  }`;
  const REMOVE = `mutation($a: ID!, $e: ID!) { removeArticleEntity(articleId: $a, entityId: $e) { __typename ... on MutationError { code field message } } }`;
  const RENAME = `mutation($id: ID!, $name: String!) {
    renameEntity(id: $id, name: $name) {
      __typename
      ... on RenameEntitySuccess { entity { name slug aliases } }
      ... on MutationError { code field message }
    }
  }`;
  const MERGE = `mutation($into: ID!, $from: [ID!]!) { mergeEntities(into: $into, from: $from) { __typename ... on MutationError { code field message } } }`;
  let writer: Record<string, string>;
  let curator: Record<string, string>;
  let hiddenId: number;
  let publicId: number;
  let ownDraft: string;

  const entityRow = (id: number) =>
    database.db
      .selectFrom('entities')
      .select(['name', 'slug', 'aliases'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    writer = (await createToken(database.db, 'Entity wire bot', ['write:articles'])).headers;
    curator = (await createToken(database.db, 'Entity curator', ['write:entities'])).headers;
    await createArticle(database.db, {
      slug: 'embargoed-quistgaard',
      title: 'Embargoed: Velmora Quistgaard to step down',
      status: 'DRAFT',
      publishedAt: null,
      body: 'Velmora Quistgaard will step down.',
      entities: [{ name: 'Velmora Quistgaard', kind: 'PERSON' }],
    });
    await createArticle(database.db, {
      slug: 'public-harbourmaster',
      title: 'Harbourmaster speaks',
      publishedAt: '2026-01-06T08:00:00Z',
      body: 'Ottilie Brandt spoke.',
      entities: [{ name: 'Ottilie Brandt', kind: 'PERSON' }],
    });
    hiddenId = (
      await database.db
        .selectFrom('entities')
        .select('id')
        .where('slug', '=', 'velmora-quistgaard')
        .executeTakeFirstOrThrow()
    ).id;
    publicId = (
      await database.db
        .selectFrom('entities')
        .select('id')
        .where('slug', '=', 'ottilie-brandt')
        .executeTakeFirstOrThrow()
    ).id;
    // A form only a draft knew: not public.
    await database.db
      .updateTable('entities')
      .set({ aliases: ['Embargo Alias'] })
      .where('id', '=', publicId)
      .execute();
    const client = createTestClient(database);
    const created = await client.query(
      'mutation { createArticle(input: { title: "Wire: a plain note", body: "Nothing named here." }) { ... on CreateArticleSuccess { article { id } } } }',
      undefined,
      writer,
    );
    ownDraft = created.data.createArticle.article.id;
  });

  it('addArticleEntity and removeArticleEntity by id: the hidden entity is not found, exactly as an id that names nothing', async () => {
    const client = createTestClient(database);
    const add = (entityId: string) => client.query(ADD, { input: { articleId: ownDraft, entityId } }, writer);
    const notFound = {
      data: {
        addArticleEntity: {
          __typename: 'NotFoundError',
          code: 'NOT_FOUND',
          field: 'input.entityId',
          message: 'No entity has this id',
        },
      },
    };
    expect(await add(globalId('Entity', hiddenId))).toEqual(notFound);
    expect(await add(globalId('Entity', 999_999))).toEqual(notFound);
    const remove = (entityId: string) => client.query(REMOVE, { a: ownDraft, e: entityId }, writer);
    expect(await remove(globalId('Entity', hiddenId))).toEqual(await remove(globalId('Entity', 999_999)));
    const mentions = await database.db
      .selectFrom('articleEntities')
      .select('entityId')
      .where('entityId', '=', hiddenId)
      .execute();
    expect(mentions).toHaveLength(1);
    // A public entity is added, and the editors' desk may add the hidden one.
    expect((await add(globalId('Entity', publicId))).data.addArticleEntity.__typename).toBe('AddArticleEntitySuccess');
    const deskDraft = await createArticle(database.db, {
      slug: 'desk-draft-entities',
      title: 'Desk draft',
      status: 'DRAFT',
      publishedAt: null,
      body: 'Text.',
    });
    const byDesk = await client.query(
      ADD,
      { input: { articleId: globalId('Article', deskDraft.id), entityId: globalId('Entity', hiddenId) } },
      desk,
    );
    expect(byDesk.data.addArticleEntity.__typename).toBe('AddArticleEntitySuccess');
  });

  it('renameEntity and mergeEntities: the hidden entity is not found and unchanged; a payload shows only public aliases', async () => {
    const client = createTestClient(database);
    const before = await entityRow(hiddenId);
    const renameHidden = await client.query(
      RENAME,
      { id: globalId('Entity', hiddenId), name: 'Renamed Corp X' },
      curator,
    );
    const renameNothing = await client.query(
      RENAME,
      { id: globalId('Entity', 999_999), name: 'Renamed Corp X' },
      curator,
    );
    expect(renameHidden).toEqual(renameNothing);
    expect(renameHidden.data.renameEntity.__typename).toBe('NotFoundError');
    for (const variables of [
      { into: globalId('Entity', hiddenId), from: [globalId('Entity', publicId)] },
      { into: globalId('Entity', publicId), from: [globalId('Entity', hiddenId)] },
    ]) {
      const merged = await client.query(MERGE, variables, curator);
      expect(merged.data.mergeEntities).toMatchObject({
        __typename: 'NotFoundError',
        message: 'No entity has this id',
      });
    }
    expect(await entityRow(hiddenId)).toEqual(before);

    const renamed = await client.query(
      RENAME,
      { id: globalId('Entity', publicId), name: 'Ottilie Brandt-Moss' },
      curator,
    );
    expect(renamed).toEqual({
      data: {
        renameEntity: {
          __typename: 'RenameEntitySuccess',
          entity: { name: 'Ottilie Brandt-Moss', slug: 'ottilie-brandt', aliases: ['Ottilie Brandt'] },
        },
      },
    });
    expect((await entityRow(publicId)).aliases).toEqual(['Embargo Alias', 'Ottilie Brandt']);
  });

  it('addArticleEntity by name links to the existing entity of that name (README: the residual), creating none', async () => {
    const client = createTestClient(database);
    const count = async () =>
      (
        await database.db
          .selectFrom('entities')
          .select(database.db.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const entities = await count();
    const added = await client.query(
      ADD,
      { input: { articleId: ownDraft, name: 'Velmora Quistgaard', kind: 'PERSON' } },
      writer,
    );
    expect(added.data.addArticleEntity.__typename).toBe('AddArticleEntitySuccess');
    expect(await count()).toBe(entities);
  });
});
