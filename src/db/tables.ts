import type { ColumnType, Generated, Selectable } from 'kysely';

import type {
  ArticleCorrectionKind,
  ArticleStatus,
  EntityKind,
  MentionSource,
  RevisionAction,
  SummaryLength,
  SummaryMethod,
  SummaryModelState,
  WebhookDeliveryStatus,
} from '../domain.js';

// The value lists and their types are in src/domain.ts; these names stay importable from here.
export type {
  ArticleCorrectionKind,
  ArticleStatus,
  EntityKind,
  MentionSource,
  RevisionAction,
  SummaryLength,
  SummaryMethod,
  SummaryModelState,
  WebhookDeliveryStatus,
};

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface SectionTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string | null;
  createdAt: Generated<Date>;
  /** One level of nesting: a section under another (migration 20261203400000). */
  parentId: ColumnType<number | null, number | null | undefined, number | null>;
  /** Where the section comes among its siblings, lowest first. */
  position: Generated<number>;
  version: Generated<number>;
  updatedAt: Generated<Date>;
}

export interface SectionSlugRedirectTable {
  slug: string;
  sectionId: number;
  createdAt: Generated<Date>;
}

export interface AuthorTable {
  id: Generated<number>;
  slug: string;
  name: string;
  bio: string | null;
  role: string | null;
  links: ColumnType<string[], string[] | undefined, string[]>;
  /** Their portrait (migration 20261203800000); null when none. */
  imageId: Generated<number | null>;
  version: Generated<number>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface AuthorSlugRedirectTable {
  slug: string;
  authorId: number;
  createdAt: Generated<Date>;
}

/** One place of an article's byline: an author, or free text (`credit`), never both. */
export interface ArticleBylineTable {
  articleId: number;
  position: number;
  authorId: number | null;
  credit: string | null;
  /** Copies of the article's status and publication time, kept by triggers (migration 20261203800000). */
  articleStatus: Generated<ArticleStatus>;
  articlePublishedAt: Generated<Date | null>;
}

export interface TagTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string | null;
  /** The extracted entity the tag is about, if any. */
  entityId: number | null;
  version: Generated<number>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface TagSlugRedirectTable {
  slug: string;
  tagId: number;
  createdAt: Generated<Date>;
}

export interface ArticleTagTable {
  articleId: number;
  tagId: number;
  position: number;
  /** Copies of the article's status and publication time, kept by triggers (migration 20261203800000). */
  articleStatus: Generated<ArticleStatus>;
  articlePublishedAt: Generated<Date | null>;
}

export interface ArticleTable {
  id: Generated<number>;
  externalId: string | null;
  slug: string;
  title: string;
  standfirst: string | null;
  body: string;
  status: ArticleStatus;
  publishedAt: Date | null;
  sectionId: number | null;
  wordCount: number;
  version: Generated<number>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  /** Name of the API token that last changed the article; null for imports and the seed. */
  updatedBy: ColumnType<string | null, string | null | undefined, string | null>;
  search: ColumnType<string, never, never>;
  /** broadsheet_body_hash(body), generated: a summary with another hash is stale. */
  bodyHash: ColumnType<string, never, never>;
  /** When articlePublished went out for this publication; null until then. */
  publishedEventAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The image at the top of the article (migration 20261203500000). */
  leadImageId: ColumnType<number | null, number | null | undefined, number | null>;
  /** The image shared with links to the article (og:image); the lead image when null. */
  socialImageId: ColumnType<number | null, number | null | undefined, number | null>;
  metaTitle: ColumnType<string | null, string | null | undefined, string | null>;
  metaDescription: ColumnType<string | null, string | null | undefined, string | null>;
  canonicalUrl: ColumnType<string | null, string | null | undefined, string | null>;
  noindex: ColumnType<boolean, boolean | undefined, boolean>;
  /** In the trash since then (migration 20261203300000); null for a live article. */
  deletedAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Name of the API token that moved it to the trash. */
  deletedBy: ColumnType<string | null, string | null | undefined, string | null>;
  /** When it last changed in a way readers are told about (migration 20261203301000): what they see as updatedAt. */
  substantiveUpdatedAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** BCP 47, canonical case (migration 20261203303000). */
  language: ColumnType<string, string | undefined, string>;
  /** Versions of one story in other languages share it; null: no translations. */
  translationGroup: ColumnType<number | null, number | null | undefined, number | null>;
}

/** An image: its original in the media store (storageKey) or at an external URL, never both. */
export interface ImageTable {
  id: Generated<number>;
  externalId: string | null;
  storageKey: string | null;
  externalUrl: string | null;
  mimeType: string;
  byteSize: number | null;
  width: number;
  height: number;
  alt: string | null;
  caption: string | null;
  credit: string | null;
  licence: string | null;
  focalX: ColumnType<number, number | undefined, number>;
  focalY: ColumnType<number, number | undefined, number>;
  version: Generated<number>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** An image in an article's body, after the paragraph `afterParagraph` (0: before the first). */
export interface ArticleImageTable {
  articleId: number;
  position: number;
  imageId: number;
  afterParagraph: number;
}

export interface ArticleSlugHistoryTable {
  slug: string;
  articleId: number;
  createdAt: Generated<Date>;
}

export interface ArticleCorrectionTable {
  id: Generated<number>;
  articleId: number;
  kind: ArticleCorrectionKind;
  text: string;
  createdAt: Generated<Date>;
  /** Name of the API token that appended it; null for imports. */
  createdBy: string | null;
}

export interface EntityTable {
  id: Generated<number>;
  slug: string;
  name: string;
  kind: EntityKind;
  aliases: ColumnType<string[], string[] | undefined, string[]>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface ArticleEntityTable {
  articleId: number;
  entityId: number;
  mentionCount: number;
  firstOffset: number;
  salience: number;
  source: MentionSource;
  /** Copies of the article's status and publication time, kept by triggers (migration 20261127150000). */
  articleStatus: Generated<ArticleStatus>;
  articlePublishedAt: Generated<Date | null>;
  /** The forms this article used for the entity, other than its name (migration 20261127183000). */
  aliases: ColumnType<string[], string[] | undefined, string[]>;
}

export interface SummaryTable {
  articleId: number;
  length: SummaryLength;
  text: string;
  method: SummaryMethod;
  bodyHash: string;
  createdAt: Timestamp;
  /** MODEL rows: the model and prompt version that wrote the text. */
  model: ColumnType<string | null, string | null | undefined, string | null>;
  promptVersion: ColumnType<string | null, string | null | undefined, string | null>;
  /** What produced a generated row (`EXTRACTIVE_GENERATOR`, e.g. 'extractive-v2', or 'model:<model>@<prompt version>'): it answers only for the current one. */
  generator: ColumnType<string, string | undefined, string>;
  /** An extractive fallback after a transient model failure answers until then; null: final. */
  retryAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface SummaryModelRunTable {
  id: Generated<number>;
  articleId: number;
  length: SummaryLength;
  bodyHash: string;
  model: string;
  promptVersion: string;
  state: ColumnType<SummaryModelState, SummaryModelState | undefined, SummaryModelState>;
  text: string | null;
  /** Why a run did not give a summary (the guard's reason, the error), for operators. */
  detail: string | null;
  startedAt: Timestamp;
  finishedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface SummaryModelBudgetTable {
  windowStart: Date;
  calls: number;
  granted: number;
}

export interface ApiTokenTable {
  id: Generated<number>;
  name: string;
  secretHash: string;
  scopes: string[];
  createdAt: Timestamp;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** A signed, expiring, read-only link to one article (migration 20261203200000). */
export interface PreviewLinkTable {
  id: Generated<number>;
  articleId: number;
  secretHash: string;
  createdByTokenId: number | null;
  createdBy: string;
  createdAt: Timestamp;
  expiresAt: Date;
  revokedAt: Date | null;
}

export interface FieldChange {
  field: string;
  from: string | null;
  to: string | null;
}

export interface ArticleSnapshot {
  slug: string;
  title: string;
  standfirst: string | null;
  body: string;
  sectionId: number | null;
  status: ArticleStatus;
  publishedAt: string | null;
  /** Absent from revisions older than migration 20261203500000. */
  leadImageId?: number | null;
  socialImageId?: number | null;
  metaTitle?: string | null;
  metaDescription?: string | null;
  canonicalUrl?: string | null;
  noindex?: boolean;
  /** Absent from revisions older than migration 20261203800000 (as bylines and tagIds). */
  language?: string;
  /** The byline in order: an author's id, or a free-text credit. */
  bylines?: SnapshotByline[];
  /** The tags' ids in order. */
  tagIds?: number[];
}

export interface SnapshotByline {
  authorId: number | null;
  credit: string | null;
}

export interface ArticleRevisionTable {
  id: Generated<number>;
  articleId: number;
  version: number;
  action: RevisionAction;
  actorTokenId: number | null;
  actorName: string;
  changes: ColumnType<FieldChange[], string, string>;
  snapshot: ColumnType<ArticleSnapshot, string, string>;
  createdAt: Timestamp;
}

export interface EntitySlugRedirectTable {
  slug: string;
  entityId: number;
  /** The name the slug was made from; null for redirects older than migration 20261202100000. */
  form: string | null;
  createdAt: Timestamp;
}

/** A webhook endpoint (migration 20261203100000; src/webhooks/). */
export interface WebhookEndpointTable {
  id: Generated<number>;
  url: string;
  description: string | null;
  events: string[];
  /** `whsec_` and base64 of the signing key (Standard Webhooks); the server needs it to sign. */
  secret: string;
  enabled: Generated<boolean>;
  consecutiveFailures: Generated<number>;
  disabledAt: Date | null;
  disabledReason: string | null;
  createdBy: string;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface WebhookFanoutTable {
  id: Generated<boolean>;
  lastChangeId: number;
}

export interface WebhookEventTable {
  id: Generated<number>;
  changeId: number;
  type: string;
  payload: ColumnType<unknown, string, string>;
  createdAt: Generated<Date>;
}

export interface WebhookDeliveryTable {
  id: Generated<number>;
  eventId: number;
  endpointId: number;
  status: Generated<WebhookDeliveryStatus>;
  attempts: Generated<number>;
  nextAttemptAt: Generated<Date>;
  claimToken: string | null;
  claimedUntil: Date | null;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Generated<Date>;
}

export interface WebhookDeliveryAttemptTable {
  id: Generated<number>;
  deliveryId: number;
  attemptedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  responseBody: string | null;
  /** When the next attempt was scheduled; null when this one ended the delivery. */
  retryAt: Date | null;
  /** The instance that made the attempt (host:pid). */
  worker: string;
}

export interface ArticleEntityExclusionTable {
  articleId: number;
  entityId: number;
  createdAt: Generated<Date>;
}

export interface Database {
  articleEntityExclusions: ArticleEntityExclusionTable;
  sections: SectionTable;
  articles: ArticleTable;
  entities: EntityTable;
  articleEntities: ArticleEntityTable;
  summaries: SummaryTable;
  summaryModelRuns: SummaryModelRunTable;
  summaryModelBudget: SummaryModelBudgetTable;
  apiTokens: ApiTokenTable;
  previewLinks: PreviewLinkTable;
  articleRevisions: ArticleRevisionTable;
  entitySlugRedirects: EntitySlugRedirectTable;
  sectionSlugRedirects: SectionSlugRedirectTable;
  authors: AuthorTable;
  authorSlugRedirects: AuthorSlugRedirectTable;
  articleBylines: ArticleBylineTable;
  tags: TagTable;
  tagSlugRedirects: TagSlugRedirectTable;
  articleTags: ArticleTagTable;
  webhookEndpoints: WebhookEndpointTable;
  webhookFanout: WebhookFanoutTable;
  webhookEvents: WebhookEventTable;
  webhookDeliveries: WebhookDeliveryTable;
  webhookDeliveryAttempts: WebhookDeliveryAttemptTable;
  images: ImageTable;
  articleImages: ArticleImageTable;
  articleSlugHistory: ArticleSlugHistoryTable;
  articleCorrections: ArticleCorrectionTable;
}

export type SectionRow = Omit<Selectable<SectionTable>, 'updatedAt'>;
export type AuthorRow = Selectable<AuthorTable>;
export type TagRow = Selectable<TagTable>;
export type BylineRow = Omit<Selectable<ArticleBylineTable>, 'articleStatus' | 'articlePublishedAt'>;
export type ArticleRow = Omit<
  Selectable<ArticleTable>,
  'search' | 'bodyHash' | 'publishedEventAt' | 'deletedAt' | 'deletedBy'
>;
export type EntityRow = Selectable<EntityTable>;
// The copied article columns are the triggers' business, and the forms used are the provenance of
// the entity's aliases (src/db/queries/entities.ts), not part of the mention as the API shows it.
export type ArticleEntityRow = Omit<Selectable<ArticleEntityTable>, 'articleStatus' | 'articlePublishedAt' | 'aliases'>;
export type SummaryRow = Selectable<SummaryTable>;
export type SummaryModelRunRow = Selectable<SummaryModelRunTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;
export type PreviewLinkRow = Selectable<PreviewLinkTable>;
export type ArticleRevisionRow = Selectable<ArticleRevisionTable>;
export type WebhookEndpointRow = Selectable<WebhookEndpointTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable>;
export type WebhookDeliveryAttemptRow = Selectable<WebhookDeliveryAttemptTable>;
export type ImageRow = Selectable<ImageTable>;
export type ArticleImageRow = Selectable<ArticleImageTable>;
export type ArticleCorrectionRow = Selectable<ArticleCorrectionTable>;
