import type { FeedsConfig } from '../config.js';
import type { Db } from '../db/database.js';
import { PUBLIC_VISIBILITY } from '../db/queries/articles.js';
import { findAuthorsBySlugs } from '../db/queries/authors.js';
import { findEntitiesBySlugs } from '../db/queries/entities.js';
import type { FeedFilter } from '../db/queries/feeds.js';
import { findSectionsBySlugs } from '../db/queries/sections.js';
import { findTagsBySlugs } from '../db/queries/tags.js';
import { SLUG_PATTERN } from '../text/text.js';
import { authorUrl, entityUrl, sectionUrl, tagUrl } from './items.js';

/** A feed's subject, found: what it lists and how it describes itself. */
export interface ResolvedScope {
  /** Identifies the subject in caches: the kind and database id, never text a client sent. */
  key: string;
  /** The feed's path without its format file (`/feeds`, `/feeds/sections/world`), canonical. */
  path: string;
  title: string;
  description: string;
  /** The subject's page on the public site. */
  link: string;
  filter: FeedFilter;
}

export type ScopeLookup =
  | { kind: 'found'; scope: ResolvedScope }
  /** The slug is an old one (a renamed or merged entity, tag, section or author): the feed lives at `slug` now. */
  | { kind: 'moved'; slug: string }
  | { kind: 'missing' };

/**
 * One kind of feed subject: the site, sections, entities, tags and authors, one entry each: a
 * `segment` under /feeds and a `lookup` of a slug through the public rule of its own queries
 * module, in one statement. A slug the subject had before (a rename, a merge) answers `moved`.
 */
export interface ScopeKind {
  /** The path segment under /feeds (`sections` in /feeds/sections/{slug}/rss.xml); null for the site. */
  segment: string | null;
  lookup(db: Db, config: FeedsConfig, slug: string): Promise<ScopeLookup>;
}

export const SITE_SCOPE: ScopeKind = {
  segment: null,
  lookup: async (_db, config) => ({
    kind: 'found',
    scope: {
      key: 'site',
      path: '/feeds',
      title: config.siteTitle,
      description: `The latest articles from ${config.siteTitle}.`,
      link: config.publicSiteUrl,
      filter: {},
    },
  }),
};

export const SECTION_SCOPE: ScopeKind = {
  segment: 'sections',
  async lookup(db, config, slug) {
    // A section only hidden articles are in does not exist for the public (publicSectionSql).
    const [section] = await findSectionsBySlugs(db, [slug], PUBLIC_VISIBILITY);
    if (!section) return { kind: 'missing' };
    if (section.slug !== slug) return { kind: 'moved', slug: section.slug };
    return {
      kind: 'found',
      scope: {
        key: `section:${section.id}`,
        path: `/feeds/sections/${section.slug}`,
        title: `${section.name} | ${config.siteTitle}`,
        description: section.description ?? `The latest ${section.name} articles from ${config.siteTitle}.`,
        link: sectionUrl(config, section.slug),
        // The section front's articles (Section.articles): its own and its subsections'.
        filter: { sectionTree: section.id },
      },
    };
  },
};

export const ENTITY_SCOPE: ScopeKind = {
  segment: 'entities',
  async lookup(db, config, slug) {
    // The API's slug rule (entityIdBySlugSql): the public slug, a derived one, or a redirect.
    const [entity] = await findEntitiesBySlugs(db, [slug], PUBLIC_VISIBILITY);
    if (!entity) return { kind: 'missing' };
    if (entity.slug !== slug) return { kind: 'moved', slug: entity.slug };
    return {
      kind: 'found',
      scope: {
        key: `entity:${entity.id}`,
        path: `/feeds/entities/${entity.slug}`,
        title: `${entity.name} | ${config.siteTitle}`,
        description: `The latest articles about ${entity.name} from ${config.siteTitle}.`,
        link: entityUrl(config, entity.slug),
        filter: { entityId: entity.id },
      },
    };
  },
};

export const TAG_SCOPE: ScopeKind = {
  segment: 'tags',
  async lookup(db, config, slug) {
    // The API's tag rule (publicTagSql): public once a visible article carries it; a former slug resolves.
    const [tag] = await findTagsBySlugs(db, [slug], PUBLIC_VISIBILITY);
    if (!tag) return { kind: 'missing' };
    if (tag.slug !== slug) return { kind: 'moved', slug: tag.slug };
    return {
      kind: 'found',
      scope: {
        key: `tag:${tag.id}`,
        path: `/feeds/tags/${tag.slug}`,
        title: `${tag.name} | ${config.siteTitle}`,
        description: tag.description ?? `The latest articles tagged ${tag.name} from ${config.siteTitle}.`,
        link: tagUrl(config, tag.slug),
        filter: { tagId: tag.id },
      },
    };
  },
};

export const AUTHOR_SCOPE: ScopeKind = {
  segment: 'authors',
  async lookup(db, config, slug) {
    // Credited on a visible article (creditedAuthorSql): a byline only on drafts or embargoed stories has no feed.
    const [author] = await findAuthorsBySlugs(db, [slug], { credited: true });
    if (!author) return { kind: 'missing' };
    if (author.slug !== slug) return { kind: 'moved', slug: author.slug };
    return {
      kind: 'found',
      scope: {
        key: `author:${author.id}`,
        path: `/feeds/authors/${author.slug}`,
        title: `${author.name} | ${config.siteTitle}`,
        description: `The latest articles by ${author.name} from ${config.siteTitle}.`,
        link: authorUrl(config, author.slug),
        filter: { authorId: author.id },
      },
    };
  },
};

/** Every feed subject, by its path segment. */
export const SCOPE_KINDS: readonly ScopeKind[] = [SITE_SCOPE, SECTION_SCOPE, ENTITY_SCOPE, TAG_SCOPE, AUTHOR_SCOPE];

/** Longer slugs are never looked up (the API's slugs are at most 80 characters plus an id suffix). */
export const MAX_SLUG_LENGTH = 120;

/** Whether `slug` could name anything: checked before any statement runs. */
export function plausibleSlug(slug: string): boolean {
  return slug.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(slug);
}
