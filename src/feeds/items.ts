import type { FeedsConfig } from '../config.js';
import type { Db } from '../db/database.js';
import type { FeedArticleRow } from '../db/queries/feeds.js';

/** A byline: a person (or desk) credited with the article. */
export interface FeedPerson {
  name: string;
  /** Their page on the public site, when they have one. */
  url?: string;
}

/** A lead image: media RSS `media:content` and an enclosure (RSS), an enclosure link (Atom), `image` (JSON Feed). */
export interface FeedImage {
  url: string;
  /** Media type (image/jpeg …), when known. */
  type?: string;
  width?: number;
  height?: number;
  /** Size in bytes, when known (an RSS enclosure's `length`; 0 when unknown, as the RSS board advises). */
  bytes?: number;
  /** The text alternative, written as the image's description. */
  alt?: string;
}

export interface FeedCategory {
  /** Machine term: the section's or entity's public slug. */
  term: string;
  /** What readers see: its public name. */
  label: string;
  /** The page of the section or entity on the public site. */
  url: string;
  /** Which kind of category: the section, or an entity the article mentions. */
  kind: 'section' | 'entity';
}

/** One article of a feed, in the terms every format writes. */
export interface FeedItem {
  articleId: number;
  /** Permanent, unique, never reused: survives a change of slug or URL template. */
  id: string;
  url: string;
  title: string;
  /** The article's public summary (below), or null: never generated for a feed request. */
  summary: string | null;
  publishedAt: Date;
  updatedAt: Date;
  categories: FeedCategory[];
  authors: FeedPerson[];
  image: FeedImage | null;
}

/** Bylines and lead images of articles, from whichever module keeps them. */
export interface ItemExtras {
  authors?: FeedPerson[];
  image?: FeedImage | null;
}

/**
 * THE hook for bylines (issue #19) and lead images: a loader of both for a page of articles, one
 * statement for the whole page. Every format already writes `authors` and `image` (see render.ts);
 * a module that stores them passes its loader to createApp (`feedItemExtras`) and nothing else
 * changes.
 */
export type ItemExtrasLoader = (db: Db, articleIds: readonly number[]) => Promise<ReadonlyMap<number, ItemExtras>>;

const NONE = new Map<number, ItemExtras>();

/** Fills a path template's placeholders, each encoded as one path segment. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{([a-z]+)\}/g, (whole, name: string) => (name in values ? encodeURIComponent(values[name]!) : whole));
}

/** Where the public site shows an article: PUBLIC_SITE_URL + ARTICLE_URL_TEMPLATE. */
export function articleUrl(config: FeedsConfig, article: { id: number; slug: string; publishedAt: Date; sectionSlug: string | null }): string {
  const published = article.publishedAt.toISOString();
  return (
    config.publicSiteUrl +
    fillTemplate(config.articleUrlTemplate, {
      slug: article.slug,
      id: String(article.id),
      // An article outside every section still needs a segment there.
      section: article.sectionSlug ?? 'news',
      yyyy: published.slice(0, 4),
      mm: published.slice(5, 7),
      dd: published.slice(8, 10),
    })
  );
}

export const sectionUrl = (config: FeedsConfig, slug: string) => config.publicSiteUrl + fillTemplate(config.sectionUrlTemplate, { slug });
export const entityUrl = (config: FeedsConfig, slug: string) => config.publicSiteUrl + fillTemplate(config.entityUrlTemplate, { slug });

/**
 * An article's permanent id: a URN naming the site's host and the article's id, so it holds when
 * the slug or the URL template changes, and two sites' articles never share one.
 */
export function articleGuid(config: FeedsConfig, articleId: number): string {
  return `urn:broadsheet:${new URL(config.publicSiteUrl).host}:article:${articleId}`;
}

/**
 * The feed items of a page of articles. The summary is the article's public SHORT summary when
 * one is stored (an editor's, or a generated one that still answers for the public), else its
 * standfirst, else none: a feed request never starts a model or extractive generation.
 */
export async function buildFeedItems(db: Db, config: FeedsConfig, rows: readonly FeedArticleRow[], extras?: ItemExtrasLoader): Promise<FeedItem[]> {
  const found = extras && rows.length > 0 ? await extras(db, rows.map((row) => row.id)) : NONE;
  return rows.map((row) => {
    const more = found.get(row.id);
    const categories: FeedCategory[] = [];
    if (row.sectionSlug && row.sectionName) categories.push({ term: row.sectionSlug, label: row.sectionName, url: sectionUrl(config, row.sectionSlug), kind: 'section' });
    for (const entity of row.entities) categories.push({ term: entity.slug, label: entity.name, url: entityUrl(config, entity.slug), kind: 'entity' });
    return {
      articleId: row.id,
      id: articleGuid(config, row.id),
      url: articleUrl(config, row),
      title: row.title,
      summary: row.summary ?? row.standfirst ?? null,
      publishedAt: row.publishedAt,
      updatedAt: row.updatedAt,
      categories,
      authors: more?.authors ?? [],
      image: more?.image ?? null,
    };
  });
}
