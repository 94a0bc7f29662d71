import DataLoader from 'dataloader';
import { DEFAULT_SEARCH_RANK_WINDOW } from './config.js';
import { createSummaryGenerator } from './content/summary-cache.js';
import { EXTRACTIVE_GENERATOR, type SummaryModel } from './content/summary-model.js';
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
  /** The summary model (SUMMARY_MODEL_URL), when there is one. */
  summaryModel?: SummaryModel;
  /** What generates summaries: a stored generated one answers only when it matches (summaryGeneratorOf). */
  summaryGenerator: string;
  /**
   * The article a valid Broadsheet-Preview token opens (src/auth/preview.ts), with loaders that see
   * hidden content, used for that article and its own fields only; absent without one.
   */
  preview?: { linkId: number; articleId: number; loaders: Loaders };
  /** The public site (SITE_URL), for the links mutations build. */
  siteUrl?: string;
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
 * Each loader is made the first time it is read: a request builds only those its fields use (an
 * answer from compiled reads uses none).
 */
export class RequestLoaders {
  #article?: DataLoader<number, ArticleRow | null>;
  #articleBySlug?: DataLoader<string, ArticleRow | null>;
  #section?: DataLoader<number, SectionRow | null>;
  #sectionBySlug?: DataLoader<string, SectionRow | null>;
  #entity?: DataLoader<number, EntityRow | null>;
  #entityBySlug?: DataLoader<string, EntityRow | null>;
  #mentions?: DataLoader<number, MentionWithEntity[]>;
  #summaries?: DataLoader<number, SummaryRow[]>;
  #generatedSummary?: ReturnType<typeof createSummaryGenerator>;
  #adjacent?: DataLoader<AdjacentRequest, ArticleRow | null, string>;
  #related?: DataLoader<RelatedRequest, ArticleRow[], string>;
  #entityArticleCount?: DataLoader<number, number>;

  constructor(
    private readonly db: Db,
    private readonly visibility: Visibility,
    private readonly summaryModel?: SummaryModel,
  ) {}

  readonly primeArticles = (rows: readonly ArticleRow[]): readonly ArticleRow[] => {
    for (const row of rows) this.article.prime(row.id, row);
    return rows;
  };

  get article() {
    return (this.#article ??= new DataLoader(async (ids) => {
      const rows = byKey(await findArticlesByIds(this.db, ids, this.visibility), (r) => r.id);
      return ids.map((id) => rows.get(id) ?? null);
    }));
  }

  get articleBySlug() {
    return (this.#articleBySlug ??= new DataLoader(async (slugs) => {
      const rows = byKey(this.primeArticles(await findArticlesBySlugs(this.db, slugs, this.visibility)), (r) => r.slug);
      return slugs.map((slug) => rows.get(slug) ?? null);
    }));
  }

  get section() {
    return (this.#section ??= new DataLoader(async (ids) => {
      const rows = byKey(await findSectionsByIds(this.db, ids, this.visibility), (r) => r.id);
      return ids.map((id) => rows.get(id) ?? null);
    }));
  }

  get sectionBySlug() {
    return (this.#sectionBySlug ??= new DataLoader(async (slugs) => {
      const rows = byKey(await findSectionsBySlugs(this.db, slugs, this.visibility), (r) => r.slug);
      for (const row of rows.values()) this.section.prime(row.id, row);
      return slugs.map((slug) => rows.get(slug) ?? null);
    }));
  }

  get entity() {
    return (this.#entity ??= new DataLoader(async (ids) => {
      const rows = byKey(await findEntitiesByIds(this.db, ids, this.visibility), (r) => r.id);
      return ids.map((id) => rows.get(id) ?? null);
    }));
  }

  /** A slug that was merged away or renamed resolves to the entity that now holds it (entityIdBySlugSql). */
  get entityBySlug() {
    return (this.#entityBySlug ??= new DataLoader(async (slugs) => {
      const found = await findEntitiesBySlugs(this.db, slugs, this.visibility);
      const rows = new Map(found.map(({ requestedSlug, ...row }) => [requestedSlug, row as EntityRow]));
      for (const row of rows.values()) this.entity.prime(row.id, row);
      return slugs.map((slug) => rows.get(slug) ?? null);
    }));
  }

  get mentions() {
    return (this.#mentions ??= new DataLoader(async (articleIds) => {
      const rows = await findMentionsByArticleIds(this.db, articleIds, this.visibility);
      for (const row of rows) this.entity.prime(row.entity.id, row.entity);
      const groups = groupBy(rows, (r) => r.articleId);
      return articleIds.map((id) => groups.get(id) ?? []);
    }));
  }

  get summaries() {
    return (this.#summaries ??= new DataLoader(async (articleIds) => {
      const groups = groupBy(await findSummariesByArticleIds(this.db, articleIds), (r) => r.articleId);
      return articleIds.map((id) => groups.get(id) ?? []);
    }));
  }

  get generatedSummary() {
    return (this.#generatedSummary ??= createSummaryGenerator(this.db, this.summaryModel));
  }

  get adjacent() {
    return (this.#adjacent ??= new DataLoader(
      async (requests) => {
        const found = await findAdjacentArticles(this.db, requests);
        this.primeArticles([...found.values()]);
        return requests.map((r) => found.get(adjacentKey(r)) ?? null);
      },
      { cacheKeyFn: adjacentKey },
    ));
  }

  get related() {
    return (this.#related ??= new DataLoader(
      async (requests) => {
        const limit = Math.max(...requests.map((r) => r.limit));
        const rows = await findRelatedArticles(this.db, [...new Set(requests.map((r) => r.articleId))], limit);
        this.primeArticles(rows);
        const groups = groupBy<number, ArticleRow>(rows, (r) => (r as RelatedArticleRow).sourceId);
        return requests.map((r) => (groups.get(r.articleId) ?? []).slice(0, r.limit));
      },
      { cacheKeyFn: (r) => `${r.articleId}:${r.limit}` },
    ));
  }

  get entityArticleCount() {
    return (this.#entityArticleCount ??= new DataLoader(async (entityIds) => {
      const counts = await countVisibleArticlesByEntityIds(this.db, entityIds);
      return entityIds.map((id) => counts.get(id) ?? 0);
    }));
  }
}

export function createLoaders(db: Db, visibility: Visibility, summaryModel?: SummaryModel): RequestLoaders {
  return new RequestLoaders(db, visibility, summaryModel);
}

export type Loaders = ReturnType<typeof createLoaders>;

export const DRAFTS_SCOPE = 'read:drafts';

/** The loaders of an article's own fields: the preview's for the article a preview token opens. */
export function loadersOf(ctx: Pick<Context, 'loaders' | 'preview'>, articleId: number): Loaders {
  return ctx.preview?.articleId === articleId ? ctx.preview.loaders : ctx.loaders;
}

export function createContext(
  db: Db,
  viewer: Viewer = { scopes: new Set() },
  events: ArticleEvents = createInProcessEvents(),
  searchRankWindow = DEFAULT_SEARCH_RANK_WINDOW,
  summaryModel?: SummaryModel,
): Context {
  const visibility: Visibility = { includeHidden: viewer.scopes.has(DRAFTS_SCOPE) || viewer.scopes.has('admin') };
  return {
    db,
    viewer,
    visibility,
    loaders: createLoaders(db, visibility, summaryModel),
    events,
    searchRankWindow,
    summaryModel,
    summaryGenerator: summaryModel?.generator ?? EXTRACTIVE_GENERATOR,
  };
}
