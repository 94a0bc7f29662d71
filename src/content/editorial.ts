import type { Context } from '../context.js';
import type { Db } from '../db/database.js';
import { insertRevision, type LockedArticle, lockArticle, type RevisionValues } from '../db/queries/editorial.js';
import type { ArticleRow, ArticleSnapshot, FieldChange } from '../db/tables.js';
import { type ArticleEvent, type ArticlePublishedEvent, type ArticleUpdatedEvent, publishEvent } from '../events.js';
import { type ContentChange, type EntitiesMergedEvent, recordContentChange, reportContentChanged } from './after-write.js';
import { SUMMARY_MAX_CHARS } from './summarize.js';
import { SLUG_PATTERN, normaliseBody } from './text.js';
import { ConflictError, NotFoundError, ValidationError } from './write-errors.js';

/**
 * What a revision records. IMPORT: written by the importer (or the demo seed), the first revision
 * of an imported article and each import that changes it; DELETE: the article's last revision,
 * holding its final text, kept after the article is gone.
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
] as const;

export type RevisionAction = (typeof REVISION_ACTIONS)[number];

/** What a write will announce and report once (and only if) its transaction commits. */
export class WriteEffects {
  readonly published: ArticlePublishedEvent[] = [];
  readonly updated: ArticleUpdatedEvent[] = [];
  readonly articleIds = new Set<number>();
  readonly entityIds = new Set<number>();
  /**
   * Set by writes whose reach no list of ids tells: an author, tag or section record shows on
   * every article that carries it, in lists and on pages. Such writes are rare; caches drop all.
   */
  everything = false;
  readonly merged: EntitiesMergedEvent['payload'][] = [];

  change(): ContentChange {
    return { articleIds: [...this.articleIds], entityIds: [...this.entityIds], ...(this.everything ? { bulk: true } : {}) };
  }

  /** The events, in the order they go out. */
  events(): ArticleEvent[] {
    return [
      ...this.updated.map((payload): ArticleEvent => ({ topic: 'article:updated', id: payload.articleId, payload })),
      ...this.published.map((payload): ArticleEvent => ({ topic: 'article:published', payload })),
    ];
  }

  /** What the change feed records: the events, then the facts only webhooks deliver. */
  recorded() {
    return [...this.events(), ...this.merged.map((payload): EntitiesMergedEvent => ({ topic: 'entity:merged', payload }))];
  }
}

/**
 * Runs one mutation as one transaction. A typed error thrown by `work` rolls everything back and
 * becomes the mutation's error result; events and change reports go out only after the commit.
 *
 * The change and its events go into the change feed in the same transaction, for every other
 * instance (src/content/change-feed.ts); this one publishes them itself right after the commit,
 * on its bus, which the feed then leaves alone.
 */
export async function runWrite<T>(ctx: Context, work: (trx: Db, effects: WriteEffects) => Promise<T>): Promise<T> {
  const effects = new WriteEffects();
  const result = await ctx.db.transaction().execute(async (trx) => {
    const written = await work(trx, effects);
    await recordContentChange(trx, effects.change(), effects.recorded(), ctx.events.scope);
    return written;
  });
  for (const id of effects.articleIds) {
    ctx.loaders.article.clear(id);
    ctx.loaders.mentions.clear(id);
    ctx.loaders.summaries.clear(id);
  }
  if (effects.articleIds.size > 0) ctx.loaders.articleBySlug.clearAll();
  if (effects.entityIds.size > 0) {
    ctx.loaders.entity.clearAll();
    ctx.loaders.entityBySlug.clearAll();
    ctx.loaders.mentions.clearAll();
  }
  if (effects.everything) ctx.loaders.forgetAll();
  for (const event of effects.events()) publishEvent(ctx.events, event);
  await reportContentChanged(effects.change());
  return result;
}

/** Locks the article and checks the client's version; the first step of every article write. */
export async function lockForWrite(trx: Db, id: number, expectedVersion: number | null | undefined, field = 'id'): Promise<LockedArticle> {
  const article = await lockArticle(trx, id);
  if (!article) throw new NotFoundError(field, 'No article has this id');
  if (expectedVersion != null && expectedVersion !== article.version) throw new ConflictError(expectedVersion, article.version);
  return article;
}

export function snapshotOf(article: ArticleRow): ArticleSnapshot {
  return {
    slug: article.slug,
    title: article.title,
    standfirst: article.standfirst,
    body: article.body,
    sectionId: article.sectionId,
    status: article.status,
    publishedAt: article.publishedAt ? article.publishedAt.toISOString() : null,
    leadImageId: article.leadImageId,
    socialImageId: article.socialImageId,
    metaTitle: article.metaTitle,
    metaDescription: article.metaDescription,
    canonicalUrl: article.canonicalUrl,
    noindex: article.noindex,
  };
}

const SNAPSHOT_FIELDS = [
  'slug',
  'title',
  'standfirst',
  'body',
  'sectionId',
  'status',
  'publishedAt',
  'leadImageId',
  'socialImageId',
  'metaTitle',
  'metaDescription',
  'canonicalUrl',
  'noindex',
] as const;

// A field a revision older than it does not hold reads as its default.
function display(value: string | number | boolean | null | undefined): string | null {
  return value === null || value === undefined || value === false ? null : String(value);
}

export function diffSnapshots(before: ArticleSnapshot | null, after: ArticleSnapshot): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of SNAPSHOT_FIELDS) {
    const from = before ? display(before[field]) : null;
    const to = display(after[field]);
    if (from !== to) changes.push({ field, from, to });
  }
  return changes;
}

/** Writes the revision of a change and queues its articleUpdated event. */
export async function recordRevision(
  trx: Db,
  ctx: Context,
  effects: WriteEffects,
  action: RevisionAction,
  after: ArticleRow,
  changes: FieldChange[],
): Promise<void> {
  await insertRevision(trx, {
    articleId: after.id,
    version: after.version,
    action,
    actorTokenId: ctx.viewer.actor?.tokenId ?? null,
    actorName: ctx.viewer.actor?.name ?? 'system',
    changes,
    snapshot: snapshotOf(after),
  });
  effects.articleIds.add(after.id);
  effects.updated.push({ articleId: after.id, version: after.version, action, deleted: false });
}

/**
 * The last revision of a deleted article: its final text, and the external id it was imported
 * under (so that the demo seed does not bring back a demo article an editor deleted).
 */
export function deletionRevision(ctx: Context, article: ArticleRow): RevisionValues {
  const changes: FieldChange[] = [{ field: 'status', from: article.status, to: null }];
  if (article.externalId) changes.push({ field: 'externalId', from: article.externalId, to: null });
  return {
    articleId: article.id,
    version: article.version + 1,
    action: 'DELETE',
    actorTokenId: ctx.viewer.actor?.tokenId ?? null,
    actorName: ctx.viewer.actor?.name ?? 'system',
    changes,
    snapshot: snapshotOf(article),
  };
}

/** Visible to the public: published, or scheduled and due. */
export function isPubliclyVisible(article: Pick<ArticleRow, 'status' | 'publishedAt'>, now = new Date()): boolean {
  return (article.status === 'PUBLISHED' || article.status === 'SCHEDULED') && article.publishedAt !== null && article.publishedAt <= now;
}

// Input validation: each check names the input field at fault.

export function validTitle(value: string | null | undefined, field: string): string {
  const title = (value ?? '').trim().replace(/\s+/g, ' ');
  if (!title) throw new ValidationError(field, 'REQUIRED', 'The title must not be empty');
  if (title.length > 500) throw new ValidationError(field, 'TOO_LONG', 'The title must be at most 500 characters');
  return title;
}

export function validStandfirst(value: string | null | undefined, field: string): string | null {
  const standfirst = (value ?? '').trim();
  if (standfirst.length > 1000) throw new ValidationError(field, 'TOO_LONG', 'The standfirst must be at most 1000 characters');
  return standfirst || null;
}

export function validBody(value: string | null | undefined, field: string): string {
  const body = normaliseBody(value ?? '');
  if (!body) throw new ValidationError(field, 'REQUIRED', 'The body must not be empty');
  if (body.length > 500_000) throw new ValidationError(field, 'TOO_LONG', 'The body must be at most 500000 characters');
  return body;
}

/** An editor's summary: one paragraph of 1 to SUMMARY_MAX_CHARS characters. */
export function validSummaryText(value: string, field: string): string {
  const text = value.trim().replace(/\s+/g, ' ');
  if (!text) throw new ValidationError(field, 'REQUIRED', 'The summary must not be empty');
  if (text.length > SUMMARY_MAX_CHARS) throw new ValidationError(field, 'TOO_LONG', `The summary must be at most ${SUMMARY_MAX_CHARS} characters`);
  return text;
}

export function validSlug(value: string | null | undefined, field: string, maxLength = 120): string {
  const slug = (value ?? '').trim();
  if (!slug) throw new ValidationError(field, 'REQUIRED', 'The slug must not be empty');
  if (slug.length > maxLength) throw new ValidationError(field, 'TOO_LONG', `The slug must be at most ${maxLength} characters`);
  if (!SLUG_PATTERN.test(slug)) {
    throw new ValidationError(field, 'INVALID_FORMAT', `The slug must be lower-case letters and digits joined by single hyphens, e.g. "harbour-reopens"; got "${slug}"`);
  }
  return slug;
}

export function validVersion(value: number | null | undefined, field = 'expectedVersion'): number | undefined {
  if (value == null) return undefined;
  if (!Number.isInteger(value) || value < 1) throw new ValidationError(field, 'OUT_OF_RANGE', 'A version is a whole number from 1');
  return value;
}

