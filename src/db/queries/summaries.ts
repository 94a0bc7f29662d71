import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../database.js';
import type { SummaryLength, SummaryMethod, SummaryRow } from '../tables.js';

// summaries: the stored summaries of articles, editorial and generated, one per length.

/**
 * Whether the stored summary `su` of article `a` answers for the public now: an editorial one
 * always; a generated one only for the article's current body and the server's current generator,
 * and a fallback marked for a retry only until then. The SQL twin of pickStoredSummary
 * (src/content/summary-cache.ts), for the summary field's declaration and the feeds.
 */
export const storedSummaryAnswersSql = (su: RawBuilder<unknown>, a: RawBuilder<unknown>, generator: string) =>
  sql<boolean>`(${su}.method = 'EDITORIAL' or (${su}.body_hash = ${a}.body_hash and ${su}.generator = ${sql.lit(generator)}
    and (${su}.retry_at is null or ${su}.retry_at > now())))`;

export async function findSummariesByArticleIds(db: Db, articleIds: readonly number[]): Promise<SummaryRow[]> {
  if (articleIds.length === 0) return [];
  return db
    .selectFrom('summaries')
    .selectAll()
    .where('summaries.articleId', '=', sql<number>`any(${[...articleIds]}::int[])`)
    .execute();
}

export interface SummaryValues {
  articleId: number;
  length: SummaryLength;
  text: string;
  method: SummaryMethod;
  bodyHash: string;
}

/** The stored summary of one length, whatever wrote it (it may be stale). */
export async function findSummary(db: Db, articleId: number, length: SummaryLength): Promise<SummaryRow | undefined> {
  return db
    .selectFrom('summaries')
    .selectAll()
    .where('articleId', '=', articleId)
    .where('length', '=', length)
    .executeTakeFirst();
}

/** Writes an editorial summary (or a generated one, unless an editorial one is already there). */
export async function upsertSummary(db: Db, values: SummaryValues): Promise<void> {
  await db
    .insertInto('summaries')
    .values(values)
    .onConflict((oc) =>
      oc
        .columns(['articleId', 'length'])
        .doUpdateSet({
          text: values.text,
          method: values.method,
          bodyHash: values.bodyHash,
          model: null,
          promptVersion: null,
          retryAt: null,
          createdAt: sql`now()`,
        })
        .where((eb) =>
          eb.and([
            eb.or([eb('summaries.method', '<>', 'EDITORIAL'), eb.val(values.method === 'EDITORIAL')]),
            eb.or([
              eb('summaries.text', 'is distinct from', values.text),
              eb('summaries.method', 'is distinct from', values.method),
              eb('summaries.bodyHash', 'is distinct from', values.bodyHash),
            ]),
          ]),
        ),
    )
    .execute();
}

/** A generated summary: extractive, or a model's (with its model and prompt version). */
export interface GeneratedSummaryValues {
  articleId: number;
  length: SummaryLength;
  text: string;
  bodyHash: string;
  method: Exclude<SummaryMethod, 'EDITORIAL'>;
  model?: string | null;
  promptVersion?: string | null;
  /** What made or decided it (summaryGeneratorOf); the column's default 'extractive' (the first extractive ranking) when left out. */
  generator?: string;
  /** A fallback after a transient model failure answers until then. */
  retryAt?: Date | null;
}

/**
 * Stores generated summaries in one statement. An editorial summary of the same length is never
 * replaced; the rows actually written come back.
 */
export async function upsertGeneratedSummaries(db: Db, rows: readonly GeneratedSummaryValues[]): Promise<SummaryRow[]> {
  if (rows.length === 0) return [];
  return db
    .insertInto('summaries')
    .values(
      rows.map((row) => ({
        articleId: row.articleId,
        length: row.length,
        text: row.text,
        bodyHash: row.bodyHash,
        method: row.method,
        model: row.model ?? null,
        promptVersion: row.promptVersion ?? null,
        ...(row.generator ? { generator: row.generator } : {}),
        retryAt: row.retryAt ?? null,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['articleId', 'length'])
        .doUpdateSet((eb) => ({
          text: eb.ref('excluded.text'),
          bodyHash: eb.ref('excluded.bodyHash'),
          method: eb.ref('excluded.method'),
          model: eb.ref('excluded.model'),
          promptVersion: eb.ref('excluded.promptVersion'),
          generator: eb.ref('excluded.generator'),
          retryAt: eb.ref('excluded.retryAt'),
          createdAt: sql`now()`,
        }))
        .where('summaries.method', '<>', 'EDITORIAL'),
    )
    .returningAll()
    .execute();
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
