import { type Kysely, type Migration, type MigrationProvider, type MigrationResult, Migrator, sql } from 'kysely';
import * as initialContentModel from '../../migrations/20261127120000-initial-content-model.js';
import * as editorialApi from '../../migrations/20261127130000-editorial-api.js';
import * as entityExclusions from '../../migrations/20261127140000-entity-exclusions.js';
import * as entityPageIndex from '../../migrations/20261127150000-entity-page-index.js';
import * as articleBodyHash from '../../migrations/20261127160000-article-body-hash.js';
import * as searchWindowIndex from '../../migrations/20261127170000-search-window-index.js';
import * as mentionAliases from '../../migrations/20261127183000-mention-aliases.js';
import * as keepDeletedArticleRevisions from '../../migrations/20261128090000-keep-deleted-article-revisions.js';
import * as mentionNameForms from '../../migrations/20261128120000-mention-name-forms.js';
import * as articleUpdatedBy from '../../migrations/20261202000000-article-updated-by.js';
import * as entityPublicView from '../../migrations/20261202100000-entity-public-view.js';
import * as contentChangeOutbox from '../../migrations/20261202110000-content-change-outbox.js';
import * as modelSummaries from '../../migrations/20261202120000-model-summaries.js';
import * as webhooks from '../../migrations/20261203100000-webhooks.js';
import * as previewLinks from '../../migrations/20261203200000-preview-links.js';
import * as slugHistoryAndTrash from '../../migrations/20261203300000-slug-history-and-trash.js';
import * as articleCorrections from '../../migrations/20261203301000-article-corrections.js';
import * as articleLanguages from '../../migrations/20261203303000-article-languages.js';
import * as authorsTagsSections from '../../migrations/20261203400000-authors-tags-sections.js';
import * as imagesAndSeo from '../../migrations/20261203500000-images-and-seo.js';
import * as sitemapIndex from '../../migrations/20261203600000-sitemap-index.js';
import * as authorImagesAndListingIndexes from '../../migrations/20261203800000-author-images-and-listing-indexes.js';
import * as tokenScopes from '../../migrations/20261203900000-token-scopes.js';
import * as publicSearchConfigs from '../../migrations/20261204000000-public-search-configs.js';

/**
 * Every migration, by file name. Listed statically (not read from the folder at run time) so that
 * the same code runs under tsx, vitest and a bundler; a test checks this list against migrations/.
 */
export const migrations: Record<string, Migration> = {
  '20261127120000-initial-content-model': initialContentModel,
  '20261127130000-editorial-api': editorialApi,
  '20261127140000-entity-exclusions': entityExclusions,
  '20261127150000-entity-page-index': entityPageIndex,
  '20261127160000-article-body-hash': articleBodyHash,
  '20261127170000-search-window-index': searchWindowIndex,
  '20261127183000-mention-aliases': mentionAliases,
  '20261128090000-keep-deleted-article-revisions': keepDeletedArticleRevisions,
  '20261128120000-mention-name-forms': mentionNameForms,
  '20261202000000-article-updated-by': articleUpdatedBy,
  '20261202100000-entity-public-view': entityPublicView,
  '20261202110000-content-change-outbox': contentChangeOutbox,
  '20261202120000-model-summaries': modelSummaries,
  '20261203100000-webhooks': webhooks,
  '20261203200000-preview-links': previewLinks,
  '20261203300000-slug-history-and-trash': slugHistoryAndTrash,
  '20261203301000-article-corrections': articleCorrections,
  '20261203303000-article-languages': articleLanguages,
  '20261203400000-authors-tags-sections': authorsTagsSections,
  '20261203500000-images-and-seo': imagesAndSeo,
  '20261203600000-sitemap-index': sitemapIndex,
  '20261203800000-author-images-and-listing-indexes': authorImagesAndListingIndexes,
  '20261203900000-token-scopes': tokenScopes,
  '20261204000000-public-search-configs': publicSearchConfigs,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

function createMigrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider });
}

/**
 * Brings the database to the newest migration. Kysely's PostgreSQL adapter holds a session-level
 * advisory lock (pg_advisory_lock) for the whole run, so instances starting together do not race.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResult[]> {
  const { error, results } = await withoutStatementTimeout(db, (conn) => createMigrator(conn).migrateToLatest());
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return results ?? [];
}

export async function migrateDown(db: Kysely<any>): Promise<MigrationResult[]> {
  const { error, results } = await withoutStatementTimeout(db, (conn) => createMigrator(conn).migrateDown());
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return results ?? [];
}

/**
 * Runs the migrator on one connection with no statement timeout. The pool bounds every statement
 * (5 s by default) so that a slow query cannot hang a request, but a migration that backfills or
 * indexes a large table legitimately takes minutes (migration 4 on a million articles did not
 * finish in 5 s).
 */
export async function withoutStatementTimeout<T>(db: Kysely<any>, work: (conn: Kysely<any>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`set statement_timeout = 0`.execute(conn);
    try {
      return await work(conn);
    } finally {
      await sql`reset statement_timeout`.execute(conn);
    }
  });
}

/** Names of migrations that exist but have not run; empty when the schema is current. */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const all = await createMigrator(db).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}
