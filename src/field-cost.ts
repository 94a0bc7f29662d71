import type { GraphQLField } from 'graphql';

/**
 * What a field whose value grows with the content adds to a query's cost (src/http/limits.ts),
 * declared beside the field: the cost otherwise counts objects, and a page of a hundred articles
 * asked for their bodies under thirty aliases is a handful of objects and a 16 MB answer. The
 * schema writes these extensions and the HTTP layer reads them; this file sits below both so that
 * neither imports the other (docs/ARCHITECTURE.md).
 */
export const TEXT_WEIGHT = {
  /**
   * A whole article's text (body, paragraphs): up to 500 000 characters, 6 kB typically. Also what
   * search highlights weigh: their answer is three passages, but ts_headline reads the whole body to
   * find them (a page of 100 took 160-200 ms of database time at 10 points each, so one request of
   * them under aliases reached about 1.2 s within the cost limit).
   */
  body: 20,
  /** A few sentences (a summary). */
  sentences: 5,
} as const;

/**
 * The extension that gives a field its weight in the cost: a scalar's per value, a field of objects'
 * once per parent, on top of the objects it returns.
 */
export const weighs = (cost: number) => ({ cost });

/**
 * What a count of rows that grow with the content weighs (a connection's `totalCount`, an entity's
 * `articleCount`): PostgreSQL reads every row it counts, however small the page. Without a weight a
 * hundred articles' entities each asked for their counts cost a few thousand points and a second of
 * database time at 10,000 articles (past the statement timeout at a million).
 */
export const COUNT_WEIGHT = 50;

/**
 * A count asked of each object it is on: COUNT_WEIGHT per object. Entity.articleCount, and
 * Article.relatedArticles, which counts the entities each candidate shares among up to 200 newest
 * articles of each of the article's entities however few it returns.
 */
export const counts = () => weighs(COUNT_WEIGHT);

/**
 * A connection's count of its whole list (`totalCount`): COUNT_WEIGHT once per connection, not
 * once per item of its page, which multiplies the rest of what is selected under it.
 */
export const countsList = () => ({ cost: COUNT_WEIGHT, perConnection: true });

/** Whether a field's weight is counted once per connection (countsList) rather than per item. */
export function weighsPerConnection(field: GraphQLField<unknown, unknown>): boolean {
  return (field.extensions as { perConnection?: unknown } | undefined)?.perConnection === true;
}

/**
 * The most items a list field without a size argument can hold (an article's tags, notes, body
 * images), declared beside the field: the cost counts that many per parent instead of the default
 * factor (UNSIZED_LIST_FACTOR), so a list that may hold 100 is never priced as 10.
 */
export const listsUpTo = (items: number) => ({ listSize: items });

/** What `listsUpTo` declared, if anything. */
export function listSizeOf(field: GraphQLField<unknown, unknown>): number | undefined {
  const size = (field.extensions as { listSize?: unknown } | undefined)?.listSize;
  return typeof size === 'number' && size > 0 ? size : undefined;
}

/** A field's weight in the cost: what it declared with `weighs`, else 0. */
export function weightOf(field: GraphQLField<unknown, unknown>): number {
  const cost = (field.extensions as { cost?: unknown } | undefined)?.cost;
  return typeof cost === 'number' && cost > 0 ? cost : 0;
}
