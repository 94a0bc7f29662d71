import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { ArticleRevisionRow, ArticleSnapshot, FieldChange, RevisionAction, SnapshotByline } from '../tables.js';

// article_revisions: one row per version of an article, with what changed and a snapshot of the
// editorial fields (content/editorial.ts snapshotOf) and of its byline and tags (findSnapshotLists
// reads those from article_bylines and article_tags). The purge replaces
// a purged article's revisions with one PURGE row (articles.ts purgeTrashedArticles).

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

/**
 * True when an article imported under this external id was deleted or purged (its DELETE revision,
 * or the PURGE revision that replaced its history, names it).
 */
export async function externalIdDeletedInEditor(db: Db, externalId: string): Promise<boolean> {
  const row = await db
    .selectFrom('articleRevisions')
    .select('articleRevisions.id')
    .where('articleRevisions.action', 'in', ['DELETE', 'PURGE'])
    .where(sql<boolean>`changes @> ${JSON.stringify([{ field: 'externalId', from: externalId }])}::jsonb`)
    .executeTakeFirst();
  return row !== undefined;
}
