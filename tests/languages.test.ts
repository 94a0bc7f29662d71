import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { validateRecord, writeRecord } from '../src/content/importer.js';
import { createToken } from './helpers/auth.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle, globalId } from './helpers/factories.js';

let database: TestDatabase;
let client: ReturnType<typeof createTestClient>;
let editor: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  client = createTestClient(database);
  editor = (await createToken(database.db, 'Desk', ['write:articles', 'read:drafts'])).headers;
});

const RESULT = `__typename ... on MutationError { message code field } ... on ValidationError { reason }`;
const CREATE = `mutation($input: CreateArticleInput!) { createArticle(input: $input) { ${RESULT} ... on CreateArticleSuccess { article { id slug language version } } } }`;
const LINK = `mutation($id: ID!, $of: ID!) { linkArticleTranslation(id: $id, translationOf: $of) { ${RESULT} ... on LinkArticleTranslationSuccess { article { slug translations { slug language } } } } }`;

const line = (fields: Record<string, unknown>) =>
  validateRecord({ title: 'T', body: 'B.', publishedAt: '2026-03-01T00:00:00Z', ...fields });

describe('languages and translations', () => {
  it('validates BCP 47 tags in canonical case, with DEFAULT_LANGUAGE for articles that do not say', async () => {
    const created = async (input: Record<string, unknown>) =>
      (await client.query(CREATE, { input: { title: 'T', body: 'B.', ...input } }, editor)).data.createArticle;
    expect((await created({ slug: 'lang-default' })).article.language).toBe('en');
    expect((await created({ slug: 'lang-gb', language: 'en-gb' })).article.language).toBe('en-GB');
    expect(await created({ slug: 'lang-bad', language: 'en_GB' })).toMatchObject({
      __typename: 'ValidationError',
      field: 'input.language',
      reason: 'INVALID_FORMAT',
    });
    expect(line({ language: 'PT-br' }).language).toBe('pt-BR');
    expect(() => line({ language: 'not a tag' })).toThrow('"language" must be a BCP 47 language tag');
    expect(loadConfig({ DEFAULT_LANGUAGE: 'fr-ca' }).defaultLanguage).toBe('fr-CA');
    expect(() => loadConfig({ DEFAULT_LANGUAGE: 'french!' })).toThrow('DEFAULT_LANGUAGE');
  });

  it('searches each article with its own language’s stemming, filters lists and search by language, and extracts entities in English only', async () => {
    await writeRecord(
      database.db,
      line({
        externalId: 'fr-1',
        slug: 'elections-fr',
        language: 'fr',
        title: 'Les élections municipales',
        body: 'Les électeurs votent dimanche à Lyon avec Marie Curie.',
      }),
    );
    await writeRecord(
      database.db,
      line({
        externalId: 'en-1',
        slug: 'elections-en',
        language: 'en-GB',
        title: 'Local elections',
        body: 'Voters went to the polls in Leeds with Marie Curie.',
      }),
    );
    const search = async (query: string, language?: string) =>
      (
        await client.query(
          'query($q: String!, $f: ArticleFilter) { search(query: $q, filter: $f) { edges { node { article { slug } } } } }',
          { q: query, f: language ? { language } : null },
        )
      ).data.search.edges
        .map((e: any) => e.node.article.slug)
        .sort();
    // French stems: "élection" finds "élections" in the French article only through the French configuration.
    expect(await search('élection')).toEqual(['elections-fr']);
    expect(await search('election')).toEqual(['elections-en']);
    expect(await search('Curie')).toEqual(['elections-en', 'elections-fr']);
    expect(await search('Curie', 'fr')).toEqual(['elections-fr']);
    expect(await search('Curie', 'en')).toEqual(['elections-en']);
    expect(await search('Curie', 'de')).toEqual([]);
    const list = async (language: string) =>
      (
        await client.query('query($f: ArticleFilter) { articles(filter: $f, first: 50) { edges { node { slug } } } }', {
          f: { language },
        })
      ).data.articles.edges.map((e: any) => e.node.slug);
    expect(await list('fr')).toEqual(['elections-fr']);
    expect(await list('en')).toEqual(['elections-en']);
    expect(await list('en-US')).toEqual([]);
    expect(
      (await client.query('{ articles(filter: { language: "???" }) { edges { node { slug } } } }')).errors?.[0]
        ?.extensions?.code,
    ).toBe('BAD_USER_INPUT');
    // Extraction: the English article has extracted entities, the French one none, and its summary is editorial only.
    const page = async (slug: string) =>
      (await client.query(`{ article(slug: "${slug}") { language entities { source } summary { method } } }`)).data
        .article;
    expect((await page('elections-en')).entities.length).toBeGreaterThan(0);
    expect(await page('elections-fr')).toEqual({ language: 'fr', entities: [], summary: null });
  });

  it('links translations into one group, one article per language, readable ones only, and imports translationOf', async () => {
    const en = await createArticle(database.db, { slug: 'story-en' });
    const fr = await createArticle(database.db, { slug: 'story-fr' });
    await database.db.updateTable('articles').set({ language: 'fr' }).where('id', '=', fr.id).execute();
    const linked = (
      await client.query(LINK, { id: globalId('Article', fr.id), of: globalId('Article', en.id) }, editor)
    ).data.linkArticleTranslation;
    expect(linked).toEqual({
      __typename: 'LinkArticleTranslationSuccess',
      article: { slug: 'story-fr', translations: [{ slug: 'story-en', language: 'en' }] },
    });
    // A second English version cannot join the group.
    const en2 = await createArticle(database.db, { slug: 'story-en-2' });
    expect(
      (await client.query(LINK, { id: globalId('Article', en2.id), of: globalId('Article', fr.id) }, editor)).data
        .linkArticleTranslation,
    ).toMatchObject({
      __typename: 'ValidationError',
      reason: 'TAKEN',
    });
    // The importer links by externalId; a draft translation is not shown to the public.
    const enExternal = (
      await database.db.selectFrom('articles').select('externalId').where('id', '=', en.id).executeTakeFirstOrThrow()
    ).externalId!;
    await writeRecord(
      database.db,
      validateRecord({
        externalId: 'story-de',
        slug: 'story-de',
        title: 'T',
        body: 'B.',
        language: 'de',
        translationOf: enExternal,
      }),
    );
    const translations = async (headers?: Record<string, string>) =>
      (
        await client.query('{ article(slug: "story-en") { translations { slug } } }', undefined, headers)
      ).data.article.translations.map((t: any) => t.slug);
    expect(await translations()).toEqual(['story-fr']);
    expect(await translations(editor)).toEqual(['story-de', 'story-fr']);
    const unlink = await client.query(
      `mutation { unlinkArticleTranslation(id: "${globalId('Article', fr.id)}") { ${RESULT} } }`,
      undefined,
      editor,
    );
    expect(unlink.data.unlinkArticleTranslation.__typename).toBe('UnlinkArticleTranslationSuccess');
    expect(await translations(editor)).toEqual(['story-de']);
  });
});

describe('the languages a public search parses its words with', () => {
  // German stems "stormen" to "storm", English does not: parsed in German too, the word finds
  // English articles about storms. A German draft must not make it do so for the public.
  const SEARCH = `query($q: String!) { search(query: $q, first: 10) { totalCount edges { node { article { slug } } } } }`;
  const slugsOf = (result: { data?: any }): string[] =>
    result.data.search.edges.map((e: { node: { article: { slug: string } } }) => e.node.article.slug);

  it('are those of visible articles only: a draft or an embargoed article in another language changes nothing', async () => {
    const executor = createTestClient(database, { compiledReads: false });
    await createArticle(database.db, {
      slug: 'storms-batter-coast',
      title: 'Storms batter the coast',
      body: 'The storm brought down power lines along the coast.',
    });
    const publicFinds = async () => {
      const compiled = await client.query(SEARCH, { q: 'stormen' });
      expect(await executor.query(SEARCH, { q: 'stormen' })).toEqual(compiled);
      return slugsOf(compiled);
    };
    expect(await publicFinds()).toEqual([]);
    const hidden = [
      { slug: 'sturm-entwurf', status: 'DRAFT' as const, publishedAt: null },
      { slug: 'sturm-embargo', status: 'SCHEDULED' as const, publishedAt: '2099-01-01T00:00:00Z' },
    ];
    for (const article of hidden)
      await createArticle(database.db, { ...article, title: 'Stürme an der Küste', body: 'Die Stürme kommen.' });
    await sql`update articles set language = 'de' where slug in ('sturm-entwurf', 'sturm-embargo')`.execute(
      database.db,
    );
    expect(await publicFinds()).toEqual([]);
    // Editors who see drafts search in every language articles use.
    expect(slugsOf(await client.query(SEARCH, { q: 'stormen' }, editor))).toContain('storms-batter-coast');
    // Once a German article is visible, German is one of the public's languages.
    await sql`update articles set status = 'PUBLISHED', published_at = '2026-02-01' where slug = 'sturm-entwurf'`.execute(
      database.db,
    );
    expect(await publicFinds()).toContain('storms-batter-coast');
  });
});
