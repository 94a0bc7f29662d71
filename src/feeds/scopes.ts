import type { FeedsConfig } from '../config.js';
import { SLUG_PATTERN } from '../content/text.js';
import type { Db } from '../db/database.js';
import { findEntitiesBySlugs } from '../db/queries/entities.js';
import type { FeedFilter } from '../db/queries/feeds.js';
import { findSectionsBySlugs } from '../db/queries/sections.js';
import { entityUrl, sectionUrl } from './items.js';

/** What the public reads: every rule of the API's public reads. */
const PUBLIC = { includeHidden: false } as const;

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
  /** The slug is an old one (a renamed or merged entity): the feed lives at `slug` now. */
  | { kind: 'moved'; slug: string }
  | { kind: 'missing' };

/**
 * One kind of feed subject. The site is one entry; sections and entities are one each; tags and
 * authors (issue #19) are one more entry each: a `segment` under /feeds and a `lookup` of a slug
 * through the public rule of its own queries module.
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
    scope: { key: 'site', path: '/feeds', title: config.siteTitle, description: `The latest articles from ${config.siteTitle}.`, link: config.publicSiteUrl, filter: {} },
  }),
};

export const SECTION_SCOPE: ScopeKind = {
  segment: 'sections',
  async lookup(db, config, slug) {
    // A section only hidden articles are in does not exist for the public (publicSectionSql).
    const [section] = await findSectionsBySlugs(db, [slug], PUBLIC);
    if (!section) return { kind: 'missing' };
    return {
      kind: 'found',
      scope: {
        key: `section:${section.id}`,
        path: `/feeds/sections/${section.slug}`,
        title: `${section.name} | ${config.siteTitle}`,
        description: section.description ?? `The latest ${section.name} articles from ${config.siteTitle}.`,
        link: sectionUrl(config, section.slug),
        filter: { sectionId: section.id },
      },
    };
  },
};

export const ENTITY_SCOPE: ScopeKind = {
  segment: 'entities',
  async lookup(db, config, slug) {
    // The API's slug rule (entityIdBySlugSql): the public slug, a derived one, or a redirect.
    const [entity] = await findEntitiesBySlugs(db, [slug], PUBLIC);
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

/** Every feed subject, by its path segment. */
export const SCOPE_KINDS: readonly ScopeKind[] = [SITE_SCOPE, SECTION_SCOPE, ENTITY_SCOPE];

/** Longer slugs are never looked up (the API's slugs are at most 80 characters plus an id suffix). */
export const MAX_SLUG_LENGTH = 120;

/** Whether `slug` could name anything: checked before any statement runs. */
export function plausibleSlug(slug: string): boolean {
  return slug.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(slug);
}
