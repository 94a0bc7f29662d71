import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { ArticleRow } from '../tables.js';
import { articleColumns } from './articles.js';

// The trash (migration 20261203300000): the only reads of articles that see trashed ones.

export type TrashedArticleRow = ArticleRow & { deletedAt: Date; deletedBy: string | null };

const trashedColumns = [...articleColumns, 'articles.deletedAt', 'articles.deletedBy'] as const;

/** Keyset position in the trash: newest deletion first, ties by id. */
export interface TrashKey {
  at: Date;
  id: number;
}

/**
 * One page of the trash, most recently deleted first. `ownedBy`: only the articles that API token
 * created (a token without read:drafts sees its own only).
 */
export async function listTrashedArticles(
  db: Db,
  query: { after?: TrashKey; limit: number; ownedBy?: number },
): Promise<TrashedArticleRow[]> {
  const { after, ownedBy } = query;
  return (await db
    .selectFrom('articles')
    .select(trashedColumns)
    .where('articles.deletedAt', 'is not', null)
    .$if(after !== undefined, (q) =>
      q.where((eb) => eb(eb.refTuple('articles.deletedAt', 'articles.id'), '<', eb.tuple(after!.at, after!.id))),
    )
    .$if(ownedBy !== undefined, (q) =>
      q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('articleRevisions')
            .select(sql`1`.as('one'))
            .whereRef('articleRevisions.articleId', '=', 'articles.id')
            .where('articleRevisions.action', '=', 'CREATE')
            .where('articleRevisions.actorTokenId', '=', ownedBy!),
        ),
      ),
    )
    .orderBy('articles.deletedAt', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(query.limit)
    .execute()) as TrashedArticleRow[];
}

/** A trashed article with its row locked, for restoreArticle. */
export async function lockTrashedArticle(
  db: Db,
  id: number,
): Promise<(TrashedArticleRow & { publishedEventAt: Date | null }) | undefined> {
  return (await db
    .selectFrom('articles')
    .select([...trashedColumns, 'articles.publishedEventAt'])
    .where('articles.id', '=', id)
    .where('articles.deletedAt', 'is not', null)
    .forUpdate()
    .executeTakeFirst()) as (TrashedArticleRow & { publishedEventAt: Date | null }) | undefined;
}

/** Moves the article to the trash, at its next version. */
export async function trashArticle(db: Db, id: number, deletedBy: string | null): Promise<TrashedArticleRow> {
  return (await db
    .updateTable('articles')
    .set({ deletedAt: sql`now()`, deletedBy, version: sql`version + 1`, updatedAt: sql`now()`, updatedBy: deletedBy })
    .where('articles.id', '=', id)
    .returning(trashedColumns)
    .executeTakeFirstOrThrow()) as TrashedArticleRow;
}

/** Takes the article out of the trash, at its next version. */
export async function untrashArticle(db: Db, id: number, updatedBy: string | null): Promise<ArticleRow> {
  return db
    .updateTable('articles')
    .set({ deletedAt: null, deletedBy: null, version: sql`version + 1`, updatedAt: sql`now()`, updatedBy })
    .where('articles.id', '=', id)
    .returning(articleColumns)
    .executeTakeFirstOrThrow();
}

/**
 * Removes up to `limit` articles trashed before `cutoff`, oldest first, with every row that depends
 * on them (mentions, summaries, model runs, exclusions, corrections, old slugs: their foreign keys
 * cascade). Their revisions are replaced by one PURGE revision that keeps no text, only the slug
 * and the external id (so that the demo seed and `createOnly` imports do not bring them back).
 * Returns the ids removed. Rows are locked and skipped when another purge holds them.
 */
export async function purgeTrashedArticles(db: Db, cutoff: Date, limit: number): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    with doomed as (
      select id, slug, external_id, version, deleted_by from articles
      where deleted_at is not null and deleted_at < ${cutoff}
      order by deleted_at, id limit ${limit}
      for update skip locked
    ), history as (
      delete from article_revisions r using doomed d where r.article_id = d.id
    ), tombstone as (
      insert into article_revisions (article_id, version, action, actor_token_id, actor_name, changes, snapshot)
      select d.id, d.version + 1, 'PURGE', null, 'purge',
        jsonb_build_array(jsonb_build_object('field', 'status', 'from', 'DELETED', 'to', null))
          || case when d.external_id is null then '[]'::jsonb
                  else jsonb_build_array(jsonb_build_object('field', 'externalId', 'from', d.external_id, 'to', null)) end,
        jsonb_build_object('slug', d.slug, 'title', '', 'standfirst', null, 'body', '', 'sectionId', null, 'status', 'ARCHIVED', 'publishedAt', null)
      from doomed d
    ), removed as (
      delete from articles a using doomed d where a.id = d.id returning a.id
    )
    select id from removed order by id`.execute(db);
  return rows.map((r) => r.id);
}
