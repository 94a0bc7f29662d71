import type { ContentChange } from '../changes.js';
import type { Db } from '../db/database.js';
import { findSnapshotLists, insertRevision, type RevisionValues } from '../db/queries/article-revisions.js';
import {
  type ArticleChangeValues,
  type LockedArticle,
  lockArticle,
  updateArticleVersioned,
} from '../db/queries/articles.js';
import { findAuthorsByIds } from '../db/queries/authors.js';
import { findTagsByIds } from '../db/queries/tags.js';
import type { ArticleRow, ArticleSnapshot, FieldChange, SnapshotByline } from '../db/tables.js';
import type { RevisionAction } from '../domain.js';
import type { ArticleEvent, ArticlePublishedEvent, ArticleUpdatedEvent } from '../events.js';
import { canonicalLanguage } from '../languages.js';
import { SUMMARY_MAX_CHARS } from '../text/summarize.js';
import { normaliseBody, SLUG_PATTERN } from '../text/text.js';
import { type Announcer, afterArticleWrite, type EntitiesMergedEvent, recordContentChange } from './after-write.js';
import { bylineText } from './taxonomy.js';
import { ConflictError, NotFoundError, ValidationError } from './write-errors.js';

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
    return {
      articleIds: [...this.articleIds],
      entityIds: [...this.entityIds],
      ...(this.everything ? { bulk: true } : {}),
    };
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
    return [
      ...this.events(),
      ...this.merged.map((payload): EntitiesMergedEvent => ({ topic: 'entity:merged', payload })),
    ];
  }
}

/** Who makes a write: the API token behind it, named as the writer (updatedBy) and in revisions. */
export interface WriteActor {
  tokenId: number;
  name: string;
}

/** What an editorial write service needs: the database, and who writes (absent: the system). */
export interface WriteServices {
  db: Db;
  actor?: WriteActor;
  /** Who tells of the write once it commits (src/content/after-write.ts); nobody when left out. */
  announcer?: Announcer;
}

/**
 * Runs one write as one transaction. A typed error thrown by `work` rolls everything back (the
 * schema layer makes it the mutation's error result). The change and its events go into the change
 * feed in the same transaction, for every other instance (src/content/change-feed.ts); what the
 * write changed comes back as its effects, for the caller to act on after the commit (the schema
 * layer drops its loaders, publishes the events and notifies the app's port: applyWriteEffects).
 */
export async function runWrite<T>(
  services: WriteServices,
  work: (trx: Db, effects: WriteEffects) => Promise<T>,
): Promise<{ result: T; effects: WriteEffects }> {
  const effects = new WriteEffects();
  const result = await services.db.transaction().execute(async (trx) => {
    const written = await work(trx, effects);
    await recordContentChange(trx, effects.change(), effects.recorded(), services.announcer);
    return written;
  });
  return { result, effects };
}

/** Locks the article and checks the client's version; the first step of every article write. */
export async function lockForWrite(
  trx: Db,
  id: number,
  expectedVersion: number | null | undefined,
  field = 'id',
): Promise<LockedArticle> {
  const article = await lockArticle(trx, id);
  if (!article) throw new NotFoundError(field, 'No article has this id');
  if (expectedVersion != null && expectedVersion !== article.version)
    throw new ConflictError(expectedVersion, article.version);
  return article;
}

/**
 * The fields a revision snapshots: what an editor writes and restoreArticleRevision brings back,
 * not the whole row (articleColumns in src/db/queries/articles.ts). The id, version, timestamps,
 * word count, external id, writer and translation group describe the row, not its text, so they
 * are not kept. A list of its own, typed by ArticleSnapshot (the stored shape, src/db/tables.ts)
 * less its lists: a field added there and not here, or here and not there, fails to compile.
 */
const SNAPSHOT_KEYS: { readonly [K in Exclude<keyof ArticleSnapshot, 'bylines' | 'tagIds'>]-?: true } = {
  slug: true,
  title: true,
  standfirst: true,
  body: true,
  sectionId: true,
  status: true,
  publishedAt: true,
  leadImageId: true,
  socialImageId: true,
  metaTitle: true,
  metaDescription: true,
  canonicalUrl: true,
  noindex: true,
  language: true,
};

type SnapshotColumn = keyof typeof SNAPSHOT_KEYS;

const SNAPSHOT_COLUMNS = Object.keys(SNAPSHOT_KEYS) as SnapshotColumn[];

export function snapshotOf(article: ArticleRow): ArticleSnapshot {
  const row: Partial<Record<SnapshotColumn, unknown>> = {};
  for (const column of SNAPSHOT_COLUMNS) row[column] = article[column];
  return {
    ...(row as Pick<ArticleRow, SnapshotColumn>),
    publishedAt: article.publishedAt ? article.publishedAt.toISOString() : null,
  };
}

/**
 * What a revision keeps: the article's row (snapshotOf) with its byline and tags as they are in
 * this transaction, so that restoreArticleRevision can bring every editorial field back.
 */
export async function revisionSnapshot(trx: Db, article: ArticleRow): Promise<ArticleSnapshot> {
  const lists = (await findSnapshotLists(trx, [article.id])).get(article.id)!;
  return { ...snapshotOf(article), bylines: lists.bylines, tagIds: lists.tagIds };
}

/**
 * The snapshot fields a revision's changes are computed for. The language is left out: its writers
 * record it themselves (createArticle only when the client chose one, since otherwise it is the
 * server's default; updateArticle and restoreArticleRevision beside their translation-group check),
 * and an import's revision shows it in its snapshot only.
 */
const DIFFED_COLUMNS = SNAPSHOT_COLUMNS.filter((column) => column !== 'language');

// A field a revision older than it does not hold reads as its default.
function display(value: string | number | boolean | null | undefined): string | null {
  return value === null || value === undefined || value === false ? null : String(value);
}

export function diffSnapshots(before: ArticleSnapshot | null, after: ArticleSnapshot): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of DIFFED_COLUMNS) {
    const from = before ? display(before[field]) : null;
    const to = display(after[field]);
    if (from !== to) changes.push({ field, from, to });
  }
  return changes;
}

export interface SnapshotLists {
  bylines: SnapshotByline[];
  tagIds: number[];
}

const sameBylines = (a: readonly SnapshotByline[], b: readonly SnapshotByline[]) =>
  a.length === b.length && a.every((x, i) => x.authorId === b[i]!.authorId && x.credit === b[i]!.credit);
const sameIds = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The `bylines` and `tags` changes between two states of articles' lists, as SET_BYLINES and
 * SET_TAGS show them ("Jane Doe; Staff and agencies", "energy, climate-crisis"), for many articles
 * with one read of the names. An author or tag that no longer exists shows as its id.
 */
export async function listChanges(
  trx: Db,
  pairs: readonly { before: SnapshotLists; after: SnapshotLists }[],
  gone: readonly { id: number; slug: string }[] = [],
): Promise<FieldChange[][]> {
  const authorIds = new Set<number>();
  const tagIds = new Set<number>();
  for (const { before, after } of pairs) {
    for (const b of [...before.bylines, ...after.bylines]) if (b.authorId !== null) authorIds.add(b.authorId);
    for (const id of [...before.tagIds, ...after.tagIds]) tagIds.add(id);
  }
  const authors = new Map((await findAuthorsByIds(trx, [...authorIds])).map((a) => [a.id, a.name]));
  // `gone`: tags the write itself deleted (merged or deleted), named as they were.
  const tags = new Map(
    [...gone, ...(await findTagsByIds(trx, [...tagIds], { includeHidden: true }))].map((t) => [t.id, t.slug]),
  );
  const bylines = (list: readonly SnapshotByline[]) =>
    bylineText(list.map((b) => (b.authorId === null ? b.credit! : (authors.get(b.authorId) ?? `#${b.authorId}`))));
  const tagText = (list: readonly number[]) =>
    list.length === 0 ? null : list.map((id) => tags.get(id) ?? `#${id}`).join(', ');
  return pairs.map(({ before, after }) => [
    ...(sameBylines(before.bylines, after.bylines)
      ? []
      : [{ field: 'bylines', from: bylines(before.bylines), to: bylines(after.bylines) }]),
    ...(sameIds(before.tagIds, after.tagIds)
      ? []
      : [{ field: 'tags', from: tagText(before.tagIds), to: tagText(after.tagIds) }]),
  ]);
}

/**
 * After a taxonomy write changed the byline or tags of many articles at once (mergeTags,
 * deleteTag), gives each live article whose lists changed its next version and a revision
 * (`action`), and queues its event, as setArticleTags would: caches, webhooks and live updates
 * see the change. `before` holds the articles' lists before the write. Articles are locked in id
 * order; one in the trash keeps its version and revisions (restoreArticle brings it back with
 * its lists as they are then). `gone`: the tags the write deleted, to name them in the revisions.
 */
export async function recordListChanges(
  trx: Db,
  actor: WriteActor | undefined,
  effects: WriteEffects,
  action: RevisionAction,
  before: ReadonlyMap<number, SnapshotLists>,
  gone: readonly { id: number; slug: string }[] = [],
): Promise<number[]> {
  const ids = [...before.keys()].sort((a, b) => a - b);
  const after = await findSnapshotLists(trx, ids);
  const changes = await listChanges(
    trx,
    ids.map((id) => ({ before: before.get(id)!, after: after.get(id)! })),
    gone,
  );
  const versioned: number[] = [];
  for (const [i, id] of ids.entries()) {
    if (changes[i]!.length === 0) continue;
    const article = await lockArticle(trx, id);
    if (!article) {
      effects.articleIds.add(id);
      continue;
    }
    const updated = await updateArticleVersioned(trx, id, { updatedBy: actor?.name ?? null });
    await recordRevision(trx, actor, effects, action, updated, changes[i]!);
    versioned.push(id);
  }
  return versioned;
}

/** Writes the revision of a change and queues its articleUpdated event. */
export async function recordRevision(
  trx: Db,
  actor: WriteActor | undefined,
  effects: WriteEffects,
  action: RevisionAction,
  after: ArticleRow,
  changes: FieldChange[],
): Promise<void> {
  await insertRevision(trx, {
    articleId: after.id,
    version: after.version,
    action,
    actorTokenId: actor?.tokenId ?? null,
    actorName: actor?.name ?? 'system',
    changes,
    snapshot: await revisionSnapshot(trx, after),
  });
  effects.articleIds.add(after.id);
  effects.updated.push({ articleId: after.id, version: after.version, action, deleted: false });
}

/**
 * Applies a versioned change of an article (the caller locked it and checked the client's version:
 * lockForWrite), writes its revision and queues its events. A changed title, body or language
 * locates the article's entities again (afterArticleWrite).
 */
export async function applyChange(
  trx: Db,
  actor: WriteActor | undefined,
  effects: WriteEffects,
  before: ArticleRow,
  action: RevisionAction,
  values: ArticleChangeValues,
  extraChanges: FieldChange[] = [],
): Promise<ArticleRow> {
  const after = await updateArticleVersioned(trx, before.id, { ...values, updatedBy: actor?.name ?? null });
  if (values.title !== undefined || values.body !== undefined || values.language !== undefined)
    await afterArticleWrite(trx, after.id);
  await recordRevision(trx, actor, effects, action, after, [
    ...diffSnapshots(snapshotOf(before), snapshotOf(after)),
    ...extraChanges,
  ]);
  return after;
}

/**
 * The revision of a move to the trash (deleteArticle): the article's text as it was, and when it
 * was deleted. (Revisions from before the trash, of articles deleted outright, also name the
 * external id they were imported under; a purge's PURGE revision does now.)
 */
export async function deletionRevision(
  trx: Db,
  actor: WriteActor | undefined,
  article: ArticleRow,
  deletedAt: Date,
  version: number,
): Promise<RevisionValues> {
  return {
    articleId: article.id,
    version,
    action: 'DELETE',
    actorTokenId: actor?.tokenId ?? null,
    actorName: actor?.name ?? 'system',
    changes: [{ field: 'deleted', from: null, to: deletedAt.toISOString() }],
    snapshot: await revisionSnapshot(trx, article),
  };
}

/** A client's clock may be this much behind: a time so little in the past is "now", not backdating. */
export const BACKDATE_TOLERANCE_MS = 5 * 60_000;

export interface PublicationRules {
  /** The token has `publish:backdate`. */
  mayBackdate: boolean;
  /** PUBLISH_MAX_DAYS_AHEAD. */
  maxDaysAhead: number;
}

/**
 * A publication time an editor asks for: in the past only with `publish:backdate` (a newsroom's
 * record of when a story broke is not anyone's to rewrite), and at most PUBLISH_MAX_DAYS_AHEAD
 * ahead (2062 typed for 2026 would hide the article for decades).
 */
export function validPublicationTime(at: Date, now: Date, rules: PublicationRules, field: string): Date {
  if (at.getTime() < now.getTime() - BACKDATE_TOLERANCE_MS && !rules.mayBackdate) {
    throw new ValidationError(
      field,
      'NOT_ALLOWED',
      'A publication time in the past (backdating) needs an API token with the `publish:backdate` scope',
    );
  }
  if (at.getTime() > now.getTime() + rules.maxDaysAhead * 86_400_000) {
    throw new ValidationError(
      field,
      'OUT_OF_RANGE',
      `A publication time at most ${rules.maxDaysAhead} days ahead (PUBLISH_MAX_DAYS_AHEAD): ${at.toISOString()} looks like a typo`,
    );
  }
  return at;
}

/** A BCP 47 language tag in canonical case (src/languages.ts). */
export function validLanguage(value: string, field: string): string {
  const tag = canonicalLanguage(value);
  if (!tag) throw new ValidationError(field, 'INVALID_FORMAT', 'A language is a BCP 47 tag such as en, en-GB or fr');
  return tag;
}

/** External ids of another system (a wire, a CMS): trimmed, 1 to 200 characters. */
export function validExternalId(value: string, field: string): string {
  const id = value.trim();
  if (!id) throw new ValidationError(field, 'REQUIRED', 'The external id must not be empty');
  if (id.length > 200) throw new ValidationError(field, 'TOO_LONG', 'An external id is at most 200 characters');
  return id;
}

/** Visible to the public: published, or scheduled and due. */
export function isPubliclyVisible(article: Pick<ArticleRow, 'status' | 'publishedAt'>, now = new Date()): boolean {
  return (
    (article.status === 'PUBLISHED' || article.status === 'SCHEDULED') &&
    article.publishedAt !== null &&
    article.publishedAt <= now
  );
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
  if (standfirst.length > 1000)
    throw new ValidationError(field, 'TOO_LONG', 'The standfirst must be at most 1000 characters');
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
  if (text.length > SUMMARY_MAX_CHARS)
    throw new ValidationError(field, 'TOO_LONG', `The summary must be at most ${SUMMARY_MAX_CHARS} characters`);
  return text;
}

export function validSlug(value: string | null | undefined, field: string, maxLength = 120): string {
  const slug = (value ?? '').trim();
  if (!slug) throw new ValidationError(field, 'REQUIRED', 'The slug must not be empty');
  if (slug.length > maxLength)
    throw new ValidationError(field, 'TOO_LONG', `The slug must be at most ${maxLength} characters`);
  if (!SLUG_PATTERN.test(slug)) {
    throw new ValidationError(
      field,
      'INVALID_FORMAT',
      `The slug must be lower-case letters and digits joined by single hyphens, e.g. "harbour-reopens"; got "${slug}"`,
    );
  }
  return slug;
}

export function validVersion(value: number | null | undefined, field = 'expectedVersion'): number | undefined {
  if (value == null) return undefined;
  if (!Number.isInteger(value) || value < 1)
    throw new ValidationError(field, 'OUT_OF_RANGE', 'A version is a whole number from 1');
  return value;
}
