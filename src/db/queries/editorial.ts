import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../database.js';
import type {
  ArticleRevisionRow,
  ArticleRow,
  ArticleSnapshot,
  ArticleStatus,
  EntityKind,
  EntityRow,
  FieldChange,
  RevisionAction,
  SnapshotByline,
  SummaryLength,
} from '../tables.js';
import { articleColumns, type Visibility } from './articles.js';
import { aliasesSql, namePublicSql, nameSql, publicEntitySql, slugSql } from './entities.js';

// The editorial side's SQL: every statement takes the transaction of the mutation that runs it.

export type LockedArticle = ArticleRow & { publishedEventAt: Date | null };

/**
 * The article with its row locked until the transaction ends, so the version check cannot race. A
 * trashed article is not found: only restoreArticle (src/db/queries/trash.ts) writes to one.
 */
export async function lockArticle(db: Db, id: number): Promise<LockedArticle | undefined> {
  return db
    .selectFrom('articles')
    .select([...articleColumns, 'articles.publishedEventAt'])
    .where('articles.id', '=', id)
    .where('articles.deletedAt', 'is', null)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * Of these entities, the ids a viewer may address in a write: every one with `read:drafts`;
 * otherwise those it may read (a visible article mentions them) and those an article the token
 * created mentions (a token keeps its own drafts, and what they mention).
 */
export async function writableEntityIds(
  db: Db,
  ids: readonly number[],
  visibility: Visibility,
  tokenId: number | undefined,
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  if (visibility.includeHidden) return new Set(ids);
  const ownDrafts =
    tokenId === undefined
      ? sql`false`
      : sql`exists (select 1 from article_entities oe join article_revisions orv on orv.article_id = oe.article_id
          where oe.entity_id = entities.id and orv.action = 'CREATE' and orv.actor_token_id = ${tokenId})`;
  const rows = await db
    .selectFrom('entities')
    .select('entities.id')
    .where('entities.id', '=', sql<number>`any(${[...ids]}::int[])`)
    .where(sql<boolean>`(${sql.raw(publicEntitySql('entities'))} or ${ownDrafts})`)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** An entity as a write's payload shows it: with the slug, name and aliases this viewer may read. */
export async function entityAsSeen(db: Db, row: EntityRow, visibility: Visibility): Promise<EntityRow> {
  if (visibility.includeHidden) return row;
  const seen = await db
    .selectFrom('entities')
    .select([
      sql<string>`${sql.raw(slugSql('entities', visibility))}`.as('slug'),
      sql<string>`${sql.raw(nameSql('entities', visibility))}`.as('name'),
      sql<string[]>`${sql.raw(aliasesSql('entities', visibility))}`.as('aliases'),
    ])
    .where('entities.id', '=', row.id)
    .executeTakeFirst();
  return seen ? { ...row, ...seen } : { ...row, aliases: [] };
}

/**
 * Whether the article was created in the editor (its history starts with CREATE, not IMPORT), and
 * when `tokenId` is given, by that API token (its CREATE revision names it).
 */
export async function wasCreatedInEditor(db: Db, articleId: number, tokenId?: number): Promise<boolean> {
  let query = db
    .selectFrom('articleRevisions')
    .select('articleRevisions.id')
    .where('articleRevisions.articleId', '=', articleId)
    .where('articleRevisions.action', '=', 'CREATE');
  if (tokenId !== undefined) query = query.where('articleRevisions.actorTokenId', '=', tokenId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function findArticleTextForWrite(
  db: Db,
  id: number,
): Promise<{ title: string; body: string; language: string } | undefined> {
  return db
    .selectFrom('articles')
    .select(['articles.title', 'articles.body', 'articles.language'])
    .where('articles.id', '=', id)
    .executeTakeFirst();
}

/**
 * Puts `articleId` in the translation group of `otherId` (starting one, named after `otherId`, when
 * it has none). Returns why not, or undefined when done: a group holds one article per language.
 */
export async function joinTranslationGroup(db: Db, articleId: number, otherId: number): Promise<string | undefined> {
  if (articleId === otherId) return 'an article is not a translation of itself';
  const rows = await db
    .selectFrom('articles')
    .select(['articles.id', 'articles.language', 'articles.translationGroup'])
    .where('articles.id', 'in', [articleId, otherId])
    .orderBy('articles.id')
    .forUpdate()
    .execute();
  const article = rows.find((r) => r.id === articleId);
  const other = rows.find((r) => r.id === otherId);
  if (!article || !other) return 'no such article';
  const group = other.translationGroup ?? other.id;
  if (article.translationGroup === group) return undefined;
  const clash = await db
    .selectFrom('articles')
    .select('articles.id')
    .where('articles.translationGroup', '=', group)
    .where('articles.language', '=', article.language)
    .where('articles.id', '<>', articleId)
    .executeTakeFirst();
  if (clash || other.language === article.language) return `the group already has an article in ${article.language}`;
  if (other.translationGroup === null)
    await db.updateTable('articles').set({ translationGroup: group }).where('articles.id', '=', otherId).execute();
  await db.updateTable('articles').set({ translationGroup: group }).where('articles.id', '=', articleId).execute();
  return undefined;
}

/** Whether another article of the group is in this language. */
export async function isTranslationLanguageTaken(
  db: Db,
  group: number,
  language: string,
  exceptId: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('articles')
    .select('articles.id')
    .where('articles.translationGroup', '=', group)
    .where('articles.language', '=', language)
    .where('articles.id', '<>', exceptId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Takes the article out of its translation group. */
export async function leaveTranslationGroup(db: Db, articleId: number): Promise<void> {
  await db.updateTable('articles').set({ translationGroup: null }).where('articles.id', '=', articleId).execute();
}

/**
 * True when another article than `exceptId` holds the slug or still answers for it from its slug
 * history (migration 20261203300000): a slug answers for one article at a time, and a trashed
 * article keeps its slugs until it is purged.
 */
export async function isArticleSlugTaken(db: Db, slug: string, exceptId?: number): Promise<boolean> {
  const { rows } = await sql<{ one: number }>`
    select 1 as one from articles where slug = ${slug} and id is distinct from ${exceptId ?? null}::int
    union all
    select 1 from article_slug_history where slug = ${slug} and article_id is distinct from ${exceptId ?? null}::int
    limit 1`.execute(db);
  return rows.length > 0;
}

export interface NewArticleValues {
  slug: string;
  title: string;
  standfirst: string | null;
  body: string;
  sectionId: number | null;
  wordCount: number;
  updatedBy: string | null;
  metaTitle?: string | null;
  metaDescription?: string | null;
  canonicalUrl?: string | null;
  noindex?: boolean;
  language: string;
}

export interface NewArticlePublication {
  externalId: string | null;
  status: ArticleStatus;
  publishedAt: Date | null;
  publishedEventAt: Date | null;
}

export async function insertNewArticle(db: Db, values: NewArticleValues & NewArticlePublication): Promise<ArticleRow> {
  return db.insertInto('articles').values(values).returning(articleColumns).executeTakeFirstOrThrow();
}

/** Whether any article, in the trash too, has this external id. */
export async function isExternalIdTaken(db: Db, externalId: string): Promise<boolean> {
  return (
    (await db
      .selectFrom('articles')
      .select('articles.id')
      .where('articles.externalId', '=', externalId)
      .executeTakeFirst()) !== undefined
  );
}

export interface ArticleChangeValues {
  slug?: string;
  title?: string;
  standfirst?: string | null;
  body?: string;
  sectionId?: number | null;
  wordCount?: number;
  status?: ArticleStatus;
  publishedAt?: Date | null;
  publishedEventAt?: Date | null;
  updatedBy?: string | null;
  leadImageId?: number | null;
  socialImageId?: number | null;
  metaTitle?: string | null;
  metaDescription?: string | null;
  canonicalUrl?: string | null;
  noindex?: boolean;
  /** Set (to now()) by a change readers are told about: what they see as updatedAt. */
  substantiveUpdatedAt?: Date | RawBuilder<Date> | null;
  language?: string;
}

/** Applies a change and moves the article to its next version (even when only mentions or summaries changed). */
export async function updateArticleVersioned(db: Db, id: number, values: ArticleChangeValues): Promise<ArticleRow> {
  return db
    .updateTable('articles')
    .set({ ...values, version: sql`version + 1`, updatedAt: sql`now()` })
    .where('articles.id', '=', id)
    .returning(articleColumns)
    .executeTakeFirstOrThrow();
}

export interface RevisionValues {
  articleId: number;
  version: number;
  action: RevisionAction;
  actorTokenId: number | null;
  actorName: string;
  changes: FieldChange[];
  snapshot: ArticleSnapshot;
}

/** What a revision keeps of an article besides its row: its byline and its tags, in order, for many articles in one statement. */
export async function findSnapshotLists(
  db: Db,
  articleIds: readonly number[],
): Promise<Map<number, { bylines: SnapshotByline[]; tagIds: number[] }>> {
  if (articleIds.length === 0) return new Map();
  const { rows } = await sql<{ id: number; bylines: SnapshotByline[]; tagIds: number[] }>`
    select w.id,
      coalesce((select json_agg(json_build_object('authorId', b.author_id, 'credit', b.credit) order by b.position) from article_bylines b where b.article_id = w.id), '[]') as bylines,
      coalesce((select array_agg(t.tag_id order by t.position) from article_tags t where t.article_id = w.id), '{}') as tag_ids
    from unnest(${[...articleIds]}::int[]) as w(id)`.execute(db);
  return new Map(rows.map((row) => [row.id, { bylines: row.bylines, tagIds: row.tagIds }]));
}

export async function insertRevision(db: Db, values: RevisionValues): Promise<void> {
  await db
    .insertInto('articleRevisions')
    .values({ ...values, changes: JSON.stringify(values.changes), snapshot: JSON.stringify(values.snapshot) })
    .execute();
}

/** Revisions of many articles, newest first within each. */
export async function findRevisionsByArticleIds(db: Db, articleIds: readonly number[]): Promise<ArticleRevisionRow[]> {
  if (articleIds.length === 0) return [];
  return db
    .selectFrom('articleRevisions')
    .selectAll()
    .where('articleRevisions.articleId', '=', sql<number>`any(${[...articleIds]}::int[])`)
    .orderBy('articleRevisions.articleId')
    .orderBy('articleRevisions.version', 'desc')
    .execute();
}

export async function findRevision(
  db: Db,
  articleId: number,
  version: number,
): Promise<ArticleRevisionRow | undefined> {
  return db
    .selectFrom('articleRevisions')
    .selectAll()
    .where('articleRevisions.articleId', '=', articleId)
    .where('articleRevisions.version', '=', version)
    .executeTakeFirst();
}

export async function findEditorialSummary(
  db: Db,
  articleId: number,
  length: SummaryLength,
): Promise<{ text: string } | undefined> {
  return db
    .selectFrom('summaries')
    .select('summaries.text')
    .where('summaries.articleId', '=', articleId)
    .where('summaries.length', '=', length)
    .where('summaries.method', '=', 'EDITORIAL')
    .executeTakeFirst();
}

export async function deleteEditorialSummary(db: Db, articleId: number, length: SummaryLength): Promise<void> {
  await db
    .deleteFrom('summaries')
    .where('summaries.articleId', '=', articleId)
    .where('summaries.length', '=', length)
    .where('summaries.method', '=', 'EDITORIAL')
    .execute();
}

export async function findEditorialMentions(
  db: Db,
  articleId: number,
): Promise<{ entityId: number; name: string; kind: EntityKind; aliases: string[] }[]> {
  return db
    .selectFrom('articleEntities')
    .innerJoin('entities', 'entities.id', 'articleEntities.entityId')
    .select(['articleEntities.entityId', 'entities.name', 'entities.kind', 'articleEntities.aliases'])
    .where('articleEntities.articleId', '=', articleId)
    .where('articleEntities.source', '=', 'EDITORIAL')
    .orderBy('articleEntities.entityId')
    .execute();
}

export async function findMention(
  db: Db,
  articleId: number,
  entityId: number,
): Promise<{ source: string } | undefined> {
  return db
    .selectFrom('articleEntities')
    .select('articleEntities.source')
    .where('articleEntities.articleId', '=', articleId)
    .where('articleEntities.entityId', '=', entityId)
    .executeTakeFirst();
}

/** Makes the entity an editorial mention of the article (an editor's word stands over extraction). */
export async function upsertEditorialMention(
  db: Db,
  values: { articleId: number; entityId: number; mentionCount: number; firstOffset: number; salience: number },
): Promise<void> {
  await db
    .insertInto('articleEntities')
    .values({ ...values, source: 'EDITORIAL' })
    .onConflict((oc) =>
      oc.columns(['articleId', 'entityId']).doUpdateSet({
        mentionCount: values.mentionCount,
        firstOffset: values.firstOffset,
        salience: values.salience,
        source: 'EDITORIAL',
      }),
    )
    .execute();
}

export async function deleteMention(db: Db, articleId: number, entityId: number): Promise<void> {
  await db
    .deleteFrom('articleEntities')
    .where('articleEntities.articleId', '=', articleId)
    .where('articleEntities.entityId', '=', entityId)
    .execute();
}

export async function lockEntities(db: Db, ids: readonly number[]): Promise<EntityRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('entities')
    .selectAll()
    .where('entities.id', '=', sql<number>`any(${[...ids]}::int[])`)
    .orderBy('entities.id')
    .forUpdate()
    .execute();
}

/** True when the slug names an entity or redirects to one other than `exceptId`. */
export async function isEntitySlugTaken(db: Db, slug: string, exceptId: number): Promise<boolean> {
  const { rows } = await sql<{ one: number }>`
    select 1 as one from entities where slug = ${slug} and id <> ${exceptId}
    union all
    select 1 from entity_slug_redirects where slug = ${slug} and entity_id <> ${exceptId}
    limit 1`.execute(db);
  return rows.length > 0;
}

export async function updateEntity(
  db: Db,
  id: number,
  values: { name: string; slug: string; aliases: string[] },
): Promise<EntityRow> {
  return db
    .updateTable('entities')
    .set({ ...values, updatedAt: sql`now()` })
    .where('entities.id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Old slugs keep resolving to `entityId`, each with the name it was made from (the public follows
 * it only when it sees that name: entityIdBySlugSql); a redirect that pointed at a merged entity is
 * moved too.
 */
export async function redirectEntitySlugs(
  db: Db,
  redirects: { slug: string; form: string }[],
  entityId: number,
): Promise<void> {
  if (redirects.length === 0) return;
  await db
    .insertInto('entitySlugRedirects')
    .values(redirects.map(({ slug, form }) => ({ slug, form, entityId })))
    .onConflict((oc) => oc.column('slug').doUpdateSet((eb) => ({ entityId, form: eb.ref('excluded.form') })))
    .execute();
  // A slug an entity holds itself is never also a redirect.
  await db
    .deleteFrom('entitySlugRedirects')
    .where('entitySlugRedirects.slug', 'in', db.selectFrom('entities').select('entities.slug'))
    .execute();
}

/**
 * Moves every mention of the `from` entities to `into`, then their redirects, then deletes them.
 * Where both were mentioned in one article the counts add up, the higher salience and earlier
 * offset win, and an editorial mention stays editorial. A moved mention keeps the forms its article
 * used and adds the merged entity's name, the form it was known by there (what makes an alias
 * public: src/db/queries/entities.ts), when the public knew it by that name: a full name only hidden
 * articles used does not become public by a merge. Returns the ids of the articles touched.
 */
export async function moveEntityMentions(db: Db, fromIds: number[], intoId: number): Promise<number[]> {
  const { rows } = await sql<{ articleId: number }>`
    with moved as (
      delete from article_entities where entity_id = any(${fromIds}::int[])
      returning article_id, entity_id, mention_count, first_offset, salience, source, aliases
    ), forms as (
      select m.article_id, array_agg(distinct f.form order by f.form) as aliases
      from moved m join entities fe on fe.id = m.entity_id
        cross join lateral unnest(m.aliases || case when ${sql.raw(namePublicSql('fe'))} then array[fe.name] else array[]::text[] end) f(form)
      group by m.article_id
    ), merged as (
      insert into article_entities (article_id, entity_id, mention_count, first_offset, salience, source, aliases)
      select moved.article_id, ${intoId}::int, sum(mention_count)::int, min(first_offset), max(salience),
        (case when bool_or(source = 'EDITORIAL') then 'EDITORIAL'
              when bool_or(source = 'IMPORTED') then 'IMPORTED' else 'EXTRACTED' end)::mention_source,
        min(forms.aliases)
      from moved join forms on forms.article_id = moved.article_id group by moved.article_id
      on conflict (article_id, entity_id) do update set
        aliases = array(select distinct f from unnest(article_entities.aliases || excluded.aliases) f order by f),
        mention_count = article_entities.mention_count + excluded.mention_count,
        first_offset = least(article_entities.first_offset, excluded.first_offset),
        salience = greatest(article_entities.salience, excluded.salience),
        source = case when 'EDITORIAL' in (article_entities.source, excluded.source) then 'EDITORIAL'::mention_source
                      when 'IMPORTED' in (article_entities.source, excluded.source) then 'IMPORTED'::mention_source
                      else 'EXTRACTED'::mention_source end
      returning article_id
    )
    select distinct article_id from merged`.execute(db);
  await db
    .updateTable('entitySlugRedirects')
    .set({ entityId: intoId })
    .where('entitySlugRedirects.entityId', 'in', fromIds)
    .execute();
  await db.deleteFrom('entities').where('entities.id', 'in', fromIds).execute();
  return rows.map((r) => r.articleId);
}

export interface DueArticle {
  id: number;
  sectionId: number | null;
  version: number;
}

/**
 * Claims the scheduled articles whose time has come and that were not announced yet. Concurrent
 * claims from several instances serialise on the row locks and the loser's re-check of
 * `published_event_at is null` fails, so every article is claimed, and announced, exactly once.
 */
export async function claimDueScheduledArticles(db: Db, limit = 100): Promise<DueArticle[]> {
  const { rows } = await sql<DueArticle>`
    update articles set published_event_at = now()
    where id in (
      select id from articles
      where status = 'SCHEDULED' and published_event_at is null and published_at <= now() and deleted_at is null
      order by published_at limit ${limit}
      for update skip locked
    ) and published_event_at is null
    returning id, section_id, version`.execute(db);
  return rows;
}
