import type { FeedsConfig } from '../config.js';
import type { FeedArticleRow, FeedImageRow } from '../db/queries/feeds.js';
import { MEDIA_PATH } from '../media/route.js';

/** A place of the byline: an author, or a free-text credit ("Staff and agencies"). */
export interface FeedPerson {
  name: string;
  /** The author's page on the public site (AUTHOR_URL_TEMPLATE); none for a free-text credit. */
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
  /** Machine term: the section's, tag's or entity's public slug. */
  term: string;
  /** What readers see: its public name. */
  label: string;
  /** Its page on the public site. */
  url: string;
  /** Which kind of category: the section, a tag editors filed it under, or an entity it mentions. */
  kind: 'section' | 'tag' | 'entity';
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

/** Fills a path template's placeholders, each encoded as one path segment. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{([a-z]+)\}/g, (whole, name: string) =>
    name in values ? encodeURIComponent(values[name]!) : whole,
  );
}

/** Where the public site shows an article: PUBLIC_SITE_URL + ARTICLE_URL_TEMPLATE. */
export function articleUrl(
  config: FeedsConfig,
  article: { id: number; slug: string; publishedAt: Date; sectionSlug: string | null },
): string {
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

export const sectionUrl = (config: FeedsConfig, slug: string) =>
  config.publicSiteUrl + fillTemplate(config.sectionUrlTemplate, { slug });
export const entityUrl = (config: FeedsConfig, slug: string) =>
  config.publicSiteUrl + fillTemplate(config.entityUrlTemplate, { slug });
export const tagUrl = (config: FeedsConfig, slug: string) =>
  config.publicSiteUrl + fillTemplate(config.tagUrlTemplate, { slug });
export const authorUrl = (config: FeedsConfig, slug: string) =>
  config.publicSiteUrl + fillTemplate(config.authorUrlTemplate, { slug });

/**
 * An article's permanent id: a URN naming the site's host and the article's id, so it holds when
 * the slug or the URL template changes, and two sites' articles never share one.
 */
export function articleGuid(config: FeedsConfig, articleId: number): string {
  return `urn:broadsheet:${new URL(config.publicSiteUrl).host}:article:${articleId}`;
}

/**
 * The lead image's original, as `Image.originalUrl` gives it (its external URL, or this API's
 * /media/ route), made absolute: a feed reader fetches it from anywhere.
 */
function feedImage(config: FeedsConfig, image: FeedImageRow): FeedImage {
  return {
    url: image.externalUrl ?? `${config.publicApiUrl}${MEDIA_PATH}${image.storageKey}`,
    type: image.mimeType,
    width: image.width,
    height: image.height,
    ...(image.byteSize !== null ? { bytes: image.byteSize } : {}),
    ...(image.alt ? { alt: image.alt } : {}),
  };
}

/**
 * The first category of each label: a tag that points at an entity, or is named as the section,
 * would otherwise show a reader the same word twice.
 */
function distinctLabels(categories: readonly FeedCategory[]): FeedCategory[] {
  const seen = new Set<string>();
  return categories.filter((category) => {
    const label = category.label.toLocaleLowerCase();
    if (seen.has(label)) return false;
    seen.add(label);
    return true;
  });
}

/**
 * The feed items of a page of articles, all read by listFeedArticles' one statement. The summary is
 * the article's public SHORT summary when one is stored (an editor's, or a generated one that still
 * answers for the public), else its standfirst, else none: a feed request never starts a model or
 * extractive generation. Categories: the section, then the tags, then the entities (each bounded).
 */
export function buildFeedItems(config: FeedsConfig, rows: readonly FeedArticleRow[]): FeedItem[] {
  return rows.map((row) => {
    const categories: FeedCategory[] = [];
    if (row.sectionSlug && row.sectionName)
      categories.push({
        term: row.sectionSlug,
        label: row.sectionName,
        url: sectionUrl(config, row.sectionSlug),
        kind: 'section',
      });
    for (const tag of row.tags)
      categories.push({ term: tag.slug, label: tag.name, url: tagUrl(config, tag.slug), kind: 'tag' });
    for (const entity of row.entities)
      categories.push({ term: entity.slug, label: entity.name, url: entityUrl(config, entity.slug), kind: 'entity' });
    return {
      articleId: row.id,
      id: articleGuid(config, row.id),
      url: articleUrl(config, row),
      title: row.title,
      summary: row.summary ?? row.standfirst ?? null,
      publishedAt: row.publishedAt,
      updatedAt: row.updatedAt,
      categories: distinctLabels(categories),
      authors: row.bylines.map((byline) =>
        byline.slug ? { name: byline.name, url: authorUrl(config, byline.slug) } : { name: byline.name },
      ),
      image: row.leadImage && feedImage(config, row.leadImage),
    };
  });
}
