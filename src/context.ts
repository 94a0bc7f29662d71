import DataLoader from 'dataloader';
import { type ContentChanges, createContentChanges } from './changes.js';
import { DEFAULT_LANGUAGE, DEFAULT_PUBLISH_MAX_DAYS_AHEAD } from './config.js';
import type { WriteActor } from './content/editorial.js';
import { createSummaryGenerator } from './content/summary-cache.js';
import { EXTRACTIVE_GENERATOR, type SummaryModel } from './content/summary-model.js';
import type { Db } from './db/database.js';
import {
  countVisibleArticlesByEntityIds,
  findMentionsByArticleIds,
  type MentionWithEntity,
} from './db/queries/article-entities.js';
import {
  type AdjacentRequest,
  adjacentKey,
  findAdjacentArticles,
  findArticlesByIds,
  findArticlesBySlugs,
  findArticlesByTranslationGroups,
  findRelatedArticles,
  type RelatedArticleRow,
  type Visibility,
} from './db/queries/articles.js';
import { findAuthorsByIds, findAuthorsBySlugs, findBylinesByArticleIds } from './db/queries/authors.js';
import { findCorrectionsByArticleIds } from './db/queries/corrections.js';
import { findEntitiesByIds, findEntitiesBySlugs } from './db/queries/entities.js';
import { findSectionsByIds, findSectionsBySlugs, findSubsections } from './db/queries/sections.js';
import { findSummariesByArticleIds } from './db/queries/summaries.js';
import { findTagsByArticleIds, findTagsByIds, findTagsBySlugs } from './db/queries/tags.js';
import type {
  ArticleCorrectionRow,
  ArticleRow,
  AuthorRow,
  BylineRow,
  EntityRow,
  SectionRow,
  SummaryRow,
  TagRow,
} from './db/tables.js';
import { type ArticleEvents, createInProcessEvents } from './events.js';
import type { Media } from './media/index.js';

export interface Viewer {
  /** Scopes granted by the request's API token; empty for the public. */
  scopes: ReadonlySet<string>;
  /** The token behind the request, recorded as the author of revisions; absent for the public. */
  actor?: WriteActor;
}

export interface Context {
  db: Db;
  viewer: Viewer;
  visibility: Visibility;
  loaders: Loaders;
  /** Publishes articlePublished / articleUpdated; in-process or through Redis. */
  events: ArticleEvents;
  /** The app's port for committed changes (src/changes.ts): caches and feeds hear of a mutation's writes there. */
  changes: ContentChanges;
  /** Webhook URLs to loopback and private addresses are accepted (WEBHOOK_ALLOW_PRIVATE_NETWORKS). */
  webhooksAllowPrivateNetworks?: boolean;
  /** Matches per relevance window of search (SEARCH_RANK_WINDOW). */
  searchRankWindow: number;
  /** The summary model (SUMMARY_MODEL_URL), when there is one. */
  summaryModel?: SummaryModel;
  /** What generates summaries: a stored generated one answers only when it matches (summaryGeneratorOf). */
  summaryGenerator: string;
  /** Image storage and settings (src/media); the defaults when the app was not given them. */
  media?: Media;
  /** Limits of the editorial writes (PUBLISH_MAX_DAYS_AHEAD). */
  editorial: EditorialSettings;
  /**
   * The article a valid Broadsheet-Preview token opens (src/auth/preview.ts), with loaders that see
   * hidden content, used for that article and its own fields only; absent without one.
   */
  preview?: { linkId: number; articleId: number; loaders: Loaders };
  /** The public site (PUBLIC_SITE_URL), for the links mutations build. */
  siteUrl?: string;
}

export interface EditorialSettings {
  /** How far ahead an article may be scheduled, in days. */
  publishMaxDaysAhead: number;
  /** The language of an article created without one (DEFAULT_LANGUAGE). */
  defaultLanguage: string;
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
  #corrections?: DataLoader<number, ArticleCorrectionRow[]>;
  #translations?: DataLoader<number, ArticleRow[]>;
  #generatedSummary?: ReturnType<typeof createSummaryGenerator>;
  #adjacent?: DataLoader<AdjacentRequest, ArticleRow | null, string>;
  #related?: DataLoader<RelatedRequest, ArticleRow[], string>;
  #entityArticleCount?: DataLoader<number, number>;
  #author?: DataLoader<number, AuthorRow | null>;
  #authorBySlug?: DataLoader<string, AuthorRow | null>;
  #bylines?: DataLoader<number, BylineRow[]>;
  #tag?: DataLoader<number, TagRow | null>;
  #tagBySlug?: DataLoader<string, TagRow | null>;
  #articleTags?: DataLoader<number, TagRow[]>;
  #subsections?: DataLoader<number, SectionRow[]>;

  constructor(
    private readonly db: Db,
    private readonly visibility: Visibility,
    private readonly summaryModel?: SummaryModel,
  ) {}

  /** Drops everything loaded so far (after a write whose reach no id list tells). */
  forgetAll(): void {
    this.#article = this.#articleBySlug = undefined;
    this.#section = this.#sectionBySlug = this.#subsections = undefined;
    this.#entity = this.#entityBySlug = this.#mentions = this.#summaries = undefined;
    this.#corrections = this.#translations = undefined;
    this.#adjacent = this.#related = this.#entityArticleCount = undefined;
    this.#author = this.#authorBySlug = this.#bylines = undefined;
    this.#tag = this.#tagBySlug = this.#articleTags = undefined;
  }

  // A method, not an arrow field: under tsx (keepNames) a named closure per request costs a defineProperty.
  primeArticles(rows: readonly ArticleRow[]): readonly ArticleRow[] {
    for (const row of rows) this.article.prime(row.id, row);
    return rows;
  }

  get article() {
    this.#article ??= new DataLoader(async (ids) => {
      const rows = byKey(await findArticlesByIds(this.db, ids, this.visibility), (r) => r.id);
      return ids.map((id) => rows.get(id) ?? null);
    });
    return this.#article;
  }

  get articleBySlug() {
    this.#articleBySlug ??= new DataLoader(async (slugs) => {
      // An old slug (slug history) finds the article too, so rows are keyed by the slug asked for.
      const found = await findArticlesBySlugs(this.db, slugs, this.visibility);
      const rows = new Map(found.map(({ requestedSlug, ...row }) => [requestedSlug, row as ArticleRow]));
      this.primeArticles([...rows.values()]);
      return slugs.map((slug) => rows.get(slug) ?? null);
    });
    return this.#articleBySlug;
  }

  get section() {
    this.#section ??= new DataLoader(async (ids) => {
      const rows = byKey(await findSectionsByIds(this.db, ids, this.visibility), (r) => r.id);
      return ids.map((id) => rows.get(id) ?? null);
    });
    return this.#section;
  }

  get sectionBySlug() {
    this.#sectionBySlug ??= new DataLoader(async (slugs) => {
      // A slug the section had before a rename resolves to it (sectionIdBySlugSql).
      const found = await findSectionsBySlugs(this.db, slugs, this.visibility);
      const rows = new Map(found.map(({ requestedSlug, ...row }) => [requestedSlug, row as SectionRow]));
      for (const row of rows.values()) this.section.prime(row.id, row);
      return slugs.map((slug) => rows.get(slug) ?? null);
    });
    return this.#sectionBySlug;
  }

  get entity() {
    this.#entity ??= new DataLoader(async (ids) => {
      const rows = byKey(await findEntitiesByIds(this.db, ids, this.visibility), (r) => r.id);
      return ids.map((id) => rows.get(id) ?? null);
    });
    return this.#entity;
  }

  /** A slug that was merged away or renamed resolves to the entity that now holds it (entityIdBySlugSql). */
  get entityBySlug() {
    this.#entityBySlug ??= new DataLoader(async (slugs) => {
      const found = await findEntitiesBySlugs(this.db, slugs, this.visibility);
      const rows = new Map(found.map(({ requestedSlug, ...row }) => [requestedSlug, row as EntityRow]));
      for (const row of rows.values()) this.entity.prime(row.id, row);
      return slugs.map((slug) => rows.get(slug) ?? null);
    });
    return this.#entityBySlug;
  }

  get mentions() {
    this.#mentions ??= new DataLoader(async (articleIds) => {
      const rows = await findMentionsByArticleIds(this.db, articleIds, this.visibility);
      for (const row of rows) this.entity.prime(row.entity.id, row.entity);
      const groups = groupBy(rows, (r) => r.articleId);
      return articleIds.map((id) => groups.get(id) ?? []);
    });
    return this.#mentions;
  }

  /** Corrections, updates and clarifications of many articles, oldest first within each. */
  get corrections() {
    this.#corrections ??= new DataLoader(async (articleIds) => {
      const groups = groupBy(await findCorrectionsByArticleIds(this.db, articleIds), (r) => r.articleId);
      return articleIds.map((id) => groups.get(id) ?? []);
    });
    return this.#corrections;
  }

  /** The readable articles of translation groups, by group, in language order. */
  get translations() {
    this.#translations ??= new DataLoader(async (groups) => {
      const rows = this.primeArticles(await findArticlesByTranslationGroups(this.db, groups, this.visibility));
      const byGroup = groupBy(rows, (r) => r.translationGroup!);
      return groups.map((group) => byGroup.get(group) ?? []);
    });
    return this.#translations;
  }

  get summaries() {
    this.#summaries ??= new DataLoader(async (articleIds) => {
      const groups = groupBy(await findSummariesByArticleIds(this.db, articleIds), (r) => r.articleId);
      return articleIds.map((id) => groups.get(id) ?? []);
    });
    return this.#summaries;
  }

  get generatedSummary() {
    this.#generatedSummary ??= createSummaryGenerator(this.db, this.summaryModel);
    return this.#generatedSummary;
  }

  get adjacent() {
    this.#adjacent ??= new DataLoader(
      async (requests) => {
        const found = await findAdjacentArticles(this.db, requests);
        this.primeArticles([...found.values()]);
        return requests.map((r) => found.get(adjacentKey(r)) ?? null);
      },
      { cacheKeyFn: adjacentKey },
    );
    return this.#adjacent;
  }

  get related() {
    this.#related ??= new DataLoader(
      async (requests) => {
        const limit = Math.max(...requests.map((r) => r.limit));
        const rows = await findRelatedArticles(this.db, [...new Set(requests.map((r) => r.articleId))], limit);
        this.primeArticles(rows);
        const groups = groupBy<number, ArticleRow>(rows, (r) => (r as RelatedArticleRow).sourceId);
        return requests.map((r) => (groups.get(r.articleId) ?? []).slice(0, r.limit));
      },
      { cacheKeyFn: (r) => `${r.articleId}:${r.limit}` },
    );
    return this.#related;
  }

  get subsections() {
    this.#subsections ??= new DataLoader(async (parentIds) => {
      const groups = groupBy(await findSubsections(this.db, parentIds, this.visibility), (r) => r.parentId!);
      return parentIds.map((id) => groups.get(id) ?? []);
    });
    return this.#subsections;
  }

  get author() {
    this.#author ??= new DataLoader(async (ids) => {
      const rows = byKey(await findAuthorsByIds(this.db, ids), (r) => r.id);
      return ids.map((id) => rows.get(id) ?? null);
    });
    return this.#author;
  }

  get authorBySlug() {
    this.#authorBySlug ??= new DataLoader(async (slugs) => {
      // A slug the author had before a change resolves to them (authorIdBySlugSql).
      const found = await findAuthorsBySlugs(this.db, slugs);
      const rows = new Map(found.map(({ requestedSlug, ...row }) => [requestedSlug, row as AuthorRow]));
      for (const row of rows.values()) this.author.prime(row.id, row);
      return slugs.map((slug) => rows.get(slug) ?? null);
    });
    return this.#authorBySlug;
  }

  /** Each article's byline, in order. */
  get bylines() {
    this.#bylines ??= new DataLoader(async (articleIds) => {
      const groups = groupBy(await findBylinesByArticleIds(this.db, articleIds), (r) => r.articleId);
      return articleIds.map((id) => groups.get(id) ?? []);
    });
    return this.#bylines;
  }

  get tag() {
    this.#tag ??= new DataLoader(async (ids) => {
      const rows = byKey(await findTagsByIds(this.db, ids, this.visibility), (r) => r.id);
      return ids.map((id) => rows.get(id) ?? null);
    });
    return this.#tag;
  }

  /** A slug a tag had before a rename or merge resolves to the tag that holds it now. */
  get tagBySlug() {
    this.#tagBySlug ??= new DataLoader(async (slugs) => {
      const found = await findTagsBySlugs(this.db, slugs, this.visibility);
      const rows = new Map(found.map(({ requestedSlug, ...row }) => [requestedSlug, row as TagRow]));
      for (const row of rows.values()) this.tag.prime(row.id, row);
      return slugs.map((slug) => rows.get(slug) ?? null);
    });
    return this.#tagBySlug;
  }

  /** Each article's tags, in order. */
  get articleTags() {
    this.#articleTags ??= new DataLoader(async (articleIds) => {
      const rows = await findTagsByArticleIds(this.db, articleIds);
      const groups = groupBy(rows, (r) => r.articleId);
      return articleIds.map((id) => (groups.get(id) ?? []).map(({ articleId: _, ...tag }) => tag as TagRow));
    });
    return this.#articleTags;
  }

  get entityArticleCount() {
    this.#entityArticleCount ??= new DataLoader(async (entityIds) => {
      const counts = await countVisibleArticlesByEntityIds(this.db, entityIds);
      return entityIds.map((id) => counts.get(id) ?? 0);
    });
    return this.#entityArticleCount;
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
  searchRankWindow: number,
  summaryModel?: SummaryModel,
  changes: ContentChanges = createContentChanges(),
): Context {
  const visibility: Visibility = { includeHidden: viewer.scopes.has(DRAFTS_SCOPE) || viewer.scopes.has('admin') };
  return {
    db,
    viewer,
    visibility,
    loaders: createLoaders(db, visibility, summaryModel),
    events,
    changes,
    searchRankWindow,
    summaryModel,
    summaryGenerator: summaryModel?.generator ?? EXTRACTIVE_GENERATOR,
    editorial: { publishMaxDaysAhead: DEFAULT_PUBLISH_MAX_DAYS_AHEAD, defaultLanguage: DEFAULT_LANGUAGE },
  };
}
