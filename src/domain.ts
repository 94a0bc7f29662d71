/**
 * The closed sets of values of the content model, each listed once. The TypeScript types
 * (re-exported by src/db/tables.ts), the GraphQL enums (src/schema/enums.ts) and the runtime
 * checks (the importer's) are built from these lists; the GraphQL enums list the values in this
 * order. The database's enum types were created by migrations, which are frozen:
 * tests/domain.test.ts checks that they hold the same values. This module imports nothing, so
 * that any layer (src/text included) may use it.
 */

export const ARTICLE_STATUSES = ['DRAFT', 'SCHEDULED', 'PUBLISHED', 'ARCHIVED'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export const ENTITY_KINDS = ['PERSON', 'ORGANIZATION', 'PLACE'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export const SUMMARY_LENGTHS = ['SHORT', 'MEDIUM', 'LONG'] as const;
export type SummaryLength = (typeof SUMMARY_LENGTHS)[number];

export const SUMMARY_METHODS = ['EDITORIAL', 'EXTRACTIVE', 'MODEL'] as const;
export type SummaryMethod = (typeof SUMMARY_METHODS)[number];

/** Where a model summary run stands (migration 20261202120000). */
export const SUMMARY_MODEL_STATES = [
  'RUNNING',
  'OK',
  'PENDING_REVIEW',
  'APPROVED',
  'EDITED',
  'REJECTED',
  'REFUSED',
  'TIMEOUT',
  'ERROR',
  'BUDGET',
] as const;
export type SummaryModelState = (typeof SUMMARY_MODEL_STATES)[number];

export const MENTION_SOURCES = ['EXTRACTED', 'IMPORTED', 'EDITORIAL'] as const;
export type MentionSource = (typeof MENTION_SOURCES)[number];

export const ARTICLE_CORRECTION_KINDS = ['CORRECTION', 'UPDATE', 'CLARIFICATION'] as const;
export type ArticleCorrectionKind = (typeof ARTICLE_CORRECTION_KINDS)[number];

export const ARTICLE_ORDERS = ['PUBLISHED_AT_DESC', 'PUBLISHED_AT_ASC', 'UPDATED_AT_DESC'] as const;
export type ArticleOrder = (typeof ARTICLE_ORDERS)[number];

/** Where previousArticle and nextArticle look: every section, or the article's own. */
export const NAVIGATION_SCOPES = ['ALL', 'SECTION'] as const;
export type NavigationScope = (typeof NAVIGATION_SCOPES)[number];

/**
 * What a revision records (a text column: no database type). IMPORT: written by the importer (or
 * the demo seed), the first revision of an imported article and each import that changes it;
 * DELETE: moved to the trash, with its text; UNDELETE: taken out of it; PURGE: what stays of an
 * article purged from the trash (its slug and external id, no text: its other revisions go with it).
 */
export const REVISION_ACTIONS = [
  'CREATE',
  'IMPORT',
  'UPDATE',
  'PUBLISH',
  'SCHEDULE',
  'UNPUBLISH',
  'ARCHIVE',
  'SET_SUMMARY',
  'CLEAR_SUMMARY',
  'ADD_ENTITY',
  'REMOVE_ENTITY',
  'SET_BYLINES',
  'SET_TAGS',
  'RESTORE',
  'DELETE',
  'SET_IMAGES',
  'UNDELETE',
  'PURGE',
  'ADD_CORRECTION',
] as const;
export type RevisionAction = (typeof REVISION_ACTIONS)[number];

/** Where a webhook delivery stands (a check constraint of webhook_deliveries.status). */
export const WEBHOOK_DELIVERY_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** Places in an article's byline: the editorial API and the importer refuse more, and reads stop there. */
export const MAX_BYLINES = 20;

/** The longest correction, update or clarification note: a paragraph. */
export const CORRECTION_MAX_CHARS = 2000;
/** Notes one article may carry: what an article page shows stays bounded. */
export const CORRECTIONS_PER_ARTICLE = 50;

/** Whether `value` is one of `values` (a runtime check of input against one of the lists above). */
export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}
