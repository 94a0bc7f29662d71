import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.js';
import { insertContentChange } from '../db/queries/content-changes.js';
import { findArticleTextForWrite, findEditorialMentions } from '../db/queries/editorial.js';
import { notify } from '../db/queries/notifications.js';
import { replaceMentions } from '../db/queries/writes.js';
import type { ArticleEvent } from '../events.js';
import { extractArticleEntities } from './enrich.js';
import { locateNamedEntities } from './mentions.js';

/**
 * Runs inside the transaction of every write that changes an article's title or body, after the
 * write. Word count is stored by the write itself (it is a column of the same UPDATE); here the
 * editor's own entity mentions are located again in the new text, so their counts and salience
 * follow the body. Summaries need nothing: they carry the hash of the body they were made from, so
 * a changed body makes generated ones stale by comparison, while editorial ones stand.
 *
 * Then the text is searched for people, organisations and places again (extraction), leaving
 * what editors gave or removed alone.
 */
export async function afterArticleWrite(db: Db, articleId: number): Promise<void> {
  const article = await findArticleTextForWrite(db, articleId);
  if (!article) return;
  const editorial = await findEditorialMentions(db, articleId);
  if (editorial.length > 0) {
    const located = locateNamedEntities(`${article.title}\n\n${article.body}`, editorial);
    await replaceMentions(
      db,
      articleId,
      located.map((m, i) => ({
        entityId: editorial[i]!.entityId,
        // An editor's mention keeps the forms it was known by (src/db/queries/entities.ts).
        aliases: editorial[i]!.aliases,
        mentionCount: m.mentionCount,
        firstOffset: m.firstOffset,
        salience: m.salience,
        source: 'EDITORIAL' as const,
      })),
      ['EDITORIAL'],
    );
  }
  await extractArticleEntities(db, {
    id: articleId,
    title: article.title,
    body: article.body,
    language: article.language,
  });
}

/** What a committed write changed: the one place caches (and anything else) hear about it. */
export interface ContentChange {
  articleIds: number[];
  entityIds: number[];
  /** A bulk write (an import) that does not list what it changed: anything may have. */
  bulk?: boolean;
}

type ContentChangeListener = (change: ContentChange) => unknown;
const listeners = new Set<ContentChangeListener>();

/** Tells this process's own outbox rows from the others': its listeners heard of them already. */
export const ORIGIN = randomUUID();

function isEmpty(change: ContentChange): boolean {
  return !change.bulk && change.articleIds.length === 0 && change.entityIds.length === 0;
}

/**
 * Subscribes to committed content changes (e.g. a response cache invalidating what it holds).
 * Returns the unsubscribe function.
 */
export function onContentChanged(listener: ContentChangeListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** When this process last heard of a change to the content (its start, until it hears of one). */
let contentChangedAt = Date.now();

/**
 * The latest time the public content may have changed, as far as this process knows: HTTP's
 * Last-Modified of every answer (src/http/http-cache.ts). Every committed write reports
 * itself here, and so does every explicit cache invalidation.
 */
export function lastContentChange(): number {
  return contentChangedAt;
}

export function markContentChanged(at = Date.now()): void {
  if (at > contentChangedAt) contentChangedAt = at;
}

/**
 * Tells this process's listeners, once the write has committed, and waits for them: a writer
 * answers its client only after the caches dropped what the write made stale.
 */
export async function reportContentChanged(change: ContentChange): Promise<void> {
  if (isEmpty(change)) return;
  markContentChanged();
  await Promise.all(
    [...listeners].map(async (listener) => {
      try {
        await listener(change);
      } catch (error) {
        console.error('[broadsheet] content-change listener failed:', error);
      }
    }),
  );
}

/**
 * Entities merged into one (mergeEntities). Recorded in the change feed beside the subscription
 * events, which the feed's readers skip (no subscription carries it); webhooks deliver it
 * (src/webhooks/events.ts). Slugs are those the public knew, null for an entity it did not see.
 */
export interface EntitiesMergedEvent {
  topic: 'entity:merged';
  payload: { entityId: number; slug: string | null; merged: { entityId: number; slug: string | null }[] };
}

/** What a change's row in the feed lists: subscription events, and facts only webhooks need. */
export type RecordedEvent = ArticleEvent | EntitiesMergedEvent;

/**
 * Writes the change into the change feed (src/content/change-feed.ts), inside the write's
 * transaction, as its last statement: every running instance reads it once it commits, and never
 * for a rolled-back write. `announcedOn` is the scope of the event bus the writer will publish
 * `events` on after the commit (instances on that bus must not fire them again); leave it out
 * when nobody publishes them (the import CLI, the demo seed).
 */
export async function recordContentChange(
  db: Db,
  change: ContentChange,
  events: RecordedEvent[] = [],
  announcedOn: string | null = null,
): Promise<void> {
  if (isEmpty(change) && events.length === 0) return;
  await insertContentChange(db, {
    origin: ORIGIN,
    announcedOn,
    articleIds: change.articleIds,
    entityIds: change.entityIds,
    bulk: change.bulk === true,
    events,
  });
  await notify(db, CONTENT_CHANGED_CHANNEL, '');
}

/** The PostgreSQL channel every writer notifies at its commit, to wake the change feeds up. */
export const CONTENT_CHANGED_CHANNEL = 'broadsheet_content_changed';
