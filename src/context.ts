import DataLoader from 'dataloader';
import { DEFAULT_SEARCH_RANK_WINDOW } from './config.js';
import { createSummaryGenerator } from './content/summary-cache.js';
import type { Db } from './db/database.js';
import { type ArticleEvents, createInProcessEvents } from './events.js';
import type { ContentInvalidation } from './hardening/cache.js';
import {
  type AdjacentRequest,
  adjacentKey,
  findAdjacentArticles,
  findArticlesByIds,
  findArticlesBySlugs,
  findRelatedArticles,
  type RelatedArticleRow,
  type Visibility,
} from './db/queries/articles.js';
import {
  countVisibleArticlesByEntityIds,
  findEntitiesByIds,
  findEntitiesBySlugs,
  findMentionsByArticleIds,
  type MentionWithEntity,
} from './db/queries/entities.js';
import { findSectionsByIds, findSectionsBySlugs } from './db/queries/sections.js';
import { findSummariesByArticleIds } from './db/queries/summaries.js';
import type { ArticleRow, EntityRow, SectionRow, SummaryRow } from './db/tables.js';

export interface Viewer {
  /** Scopes granted by the request's API token; empty for the public. */
  scopes: ReadonlySet<string>;
  /** The token behind the request, recorded as the author of revisions; absent for the public. */
  actor?: { tokenId: number; name: string };
}

export interface Context {
  db: Db;
  viewer: Viewer;
  visibility: Visibility;
  loaders: Loaders;
  /** Publishes articlePublished / articleUpdated; in-process or through Redis. */
  events: ArticleEvents;
  /** Drops cached public responses after a write; see src/hardening/cache.ts. */
  invalidation?: ContentInvalidation;
  /** Matches per relevance window of search (SEARCH_RANK_WINDOW). */
  searchRankWindow: number;
}

function byKey<K, V>(rows: readonly V[], key: (row: V) => K): Map<K, V> {
  return new Map(rows.map((row) => [key(row), row]));
}

function groupBy<K, V>(rows: readonly V[], key: (row: V) => K): Map<K, V[]> {
  const groups = new Map<K, V[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

export interface RelatedRequest {
  articleId: number;
  limit: number;
}

/**
 * Per-request batching: every hop between types goes through one of these, so a list of N
 * articles with their sections, entities and summaries costs the same statements as a list of one.
 */
export function createLoaders(db: Db, visibility: Visibility) {
  const article: DataLoader<number, ArticleRow | null> = new DataLoader(async (ids) => {
    const rows = byKey(await findArticlesByIds(db, ids, visibility), (r) => r.id);
    return ids.map((id) => rows.get(id) ?? null);
  });
  const primeArticles = (rows: readonly ArticleRow[]) => {
    for (const row of rows) article.prime(row.id, row);
    return rows;
  };
  const articleBySlug = new DataLoader<string, ArticleRow | null>(async (slugs) => {
    const rows = byKey(primeArticles(await findArticlesBySlugs(db, slugs, visibility)), (r) => r.slug);
    return slugs.map((slug) => rows.get(slug) ?? null);
  });
  const section = new DataLoader<number, SectionRow | null>(async (ids) => {
    const rows = byKey(await findSectionsByIds(db, ids, visibility), (r) => r.id);
    return ids.map((id) => rows.get(id) ?? null);
  });
  const sectionBySlug = new DataLoader<string, SectionRow | null>(async (slugs) => {
    const rows = byKey(await findSectionsBySlugs(db, slugs, visibility), (r) => r.slug);
    for (const row of rows.values()) section.prime(row.id, row);
    return slugs.map((slug) => rows.get(slug) ?? null);
  });
  const entity = new DataLoader<number, EntityRow | null>(async (ids) => {
    const rows = byKey(await findEntitiesByIds(db, ids, visibility), (r) => r.id);
    return ids.map((id) => rows.get(id) ?? null);
  });
  // A slug that was merged away or renamed resolves to the entity that now holds it (entityIdBySlugSql).
  const entityBySlug = new DataLoader<string, EntityRow | null>(async (slugs) => {
    const found = await findEntitiesBySlugs(db, slugs, visibility);
    const rows = new Map(found.map(({ requestedSlug, ...row }) => [requestedSlug, row as EntityRow]));
    for (const row of rows.values()) entity.prime(row.id, row);
    return slugs.map((slug) => rows.get(slug) ?? null);
  });
  const mentions = new DataLoader<number, MentionWithEntity[]>(async (articleIds) => {
    const rows = await findMentionsByArticleIds(db, articleIds, visibility);
    for (const row of rows) entity.prime(row.entity.id, row.entity);
    const groups = groupBy(rows, (r) => r.articleId);
    return articleIds.map((id) => groups.get(id) ?? []);
  });
  const summaries = new DataLoader<number, SummaryRow[]>(async (articleIds) => {
    const groups = groupBy(await findSummariesByArticleIds(db, articleIds), (r) => r.articleId);
    return articleIds.map((id) => groups.get(id) ?? []);
  });
  const adjacent = new DataLoader<AdjacentRequest, ArticleRow | null, string>(
    async (requests) => {
      const found = await findAdjacentArticles(db, requests);
      primeArticles([...found.values()]);
      return requests.map((r) => found.get(adjacentKey(r)) ?? null);
    },
    { cacheKeyFn: adjacentKey },
  );
  const related = new DataLoader<RelatedRequest, ArticleRow[], string>(
    async (requests) => {
      const limit = Math.max(...requests.map((r) => r.limit));
      const rows = await findRelatedArticles(db, [...new Set(requests.map((r) => r.articleId))], limit);
      primeArticles(rows);
      const groups = groupBy<number, ArticleRow>(rows, (r) => (r as RelatedArticleRow).sourceId);
      return requests.map((r) => (groups.get(r.articleId) ?? []).slice(0, r.limit));
    },
    { cacheKeyFn: (r) => `${r.articleId}:${r.limit}` },
  );
  const generatedSummary = createSummaryGenerator(db);
  const entityArticleCount = new DataLoader<number, number>(async (entityIds) => {
    const counts = await countVisibleArticlesByEntityIds(db, entityIds);
    return entityIds.map((id) => counts.get(id) ?? 0);
  });
  return {
    article,
    articleBySlug,
    section,
    sectionBySlug,
    entity,
    entityBySlug,
    mentions,
    summaries,
    generatedSummary,
    adjacent,
    related,
    entityArticleCount,
    primeArticles,
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

export const DRAFTS_SCOPE = 'read:drafts';

export function createContext(
  db: Db,
  viewer: Viewer = { scopes: new Set() },
  events: ArticleEvents = createInProcessEvents(),
  searchRankWindow = DEFAULT_SEARCH_RANK_WINDOW,
): Context {
  const visibility: Visibility = { includeHidden: viewer.scopes.has(DRAFTS_SCOPE) || viewer.scopes.has('admin') };
  return { db, viewer, visibility, loaders: createLoaders(db, visibility), events, searchRankWindow };
}
