import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export type ArticleStatus = 'DRAFT' | 'SCHEDULED' | 'PUBLISHED' | 'ARCHIVED';
export type EntityKind = 'PERSON' | 'ORGANIZATION' | 'PLACE';
export type SummaryLength = 'SHORT' | 'MEDIUM' | 'LONG';
export type SummaryMethod = 'EDITORIAL' | 'EXTRACTIVE' | 'MODEL';
/** Where a model summary run stands (migration 20261202120000). */
export type SummaryModelState = 'RUNNING' | 'OK' | 'PENDING_REVIEW' | 'APPROVED' | 'EDITED' | 'REJECTED' | 'REFUSED' | 'TIMEOUT' | 'ERROR' | 'BUDGET';
export type MentionSource = 'EXTRACTED' | 'IMPORTED' | 'EDITORIAL';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface SectionTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string | null;
  createdAt: Generated<Date>;
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
  /** What produced a generated row ('extractive' or 'model:<model>@<prompt version>'): it answers only for the current one. */
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
}

export interface ArticleRevisionTable {
  id: Generated<number>;
  articleId: number;
  version: number;
  action: string;
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
}

export type SectionRow = Selectable<SectionTable>;
export type ArticleRow = Omit<Selectable<ArticleTable>, 'search' | 'bodyHash' | 'publishedEventAt'>;
export type NewArticle = Insertable<ArticleTable>;
export type ArticlePatch = Updateable<ArticleTable>;
export type EntityRow = Selectable<EntityTable>;
// The copied article columns are the triggers' business, and the forms used are the provenance of
// the entity's aliases (src/db/queries/entities.ts), not part of the mention as the API shows it.
export type ArticleEntityRow = Omit<Selectable<ArticleEntityTable>, 'articleStatus' | 'articlePublishedAt' | 'aliases'>;
export type SummaryRow = Selectable<SummaryTable>;
export type SummaryModelRunRow = Selectable<SummaryModelRunTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;
export type PreviewLinkRow = Selectable<PreviewLinkTable>;
export type ArticleRevisionRow = Selectable<ArticleRevisionTable>;
