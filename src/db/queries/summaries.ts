import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { SummaryLength, SummaryMethod, SummaryRow } from '../tables.js';

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

/** Writes a summary unless an editorial one is already there and this one is generated. */
export async function upsertSummary(db: Db, values: SummaryValues): Promise<void> {
  await db
    .insertInto('summaries')
    .values(values)
    .onConflict((oc) =>
      oc
        .columns(['articleId', 'length'])
        .doUpdateSet({ text: values.text, method: values.method, bodyHash: values.bodyHash, createdAt: sql`now()` })
        .where((eb) =>
          eb.and([
            eb.or([eb('summaries.method', '=', 'EXTRACTIVE'), eb.val(values.method === 'EDITORIAL')]),
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

/**
 * Stores generated summaries in one statement. An editorial summary of the same length is never
 * replaced; the rows actually written come back.
 */
export async function upsertGeneratedSummaries(db: Db, rows: readonly Omit<SummaryValues, 'method'>[]): Promise<SummaryRow[]> {
  if (rows.length === 0) return [];
  return db
    .insertInto('summaries')
    .values(rows.map((row) => ({ ...row, method: 'EXTRACTIVE' as const })))
    .onConflict((oc) =>
      oc
        .columns(['articleId', 'length'])
        .doUpdateSet((eb) => ({ text: eb.ref('excluded.text'), bodyHash: eb.ref('excluded.bodyHash'), createdAt: sql`now()` }))
        .where('summaries.method', '=', 'EXTRACTIVE'),
    )
    .returningAll()
    .execute();
}
