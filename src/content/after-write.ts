import { randomUUID } from 'node:crypto';
import { type ContentChange, isEmptyChange } from '../changes.js';
import type { Db } from '../db/database.js';
import { findEditorialMentions, replaceMentions } from '../db/queries/article-entities.js';
import { findArticleTextForWrite } from '../db/queries/articles.js';
import { insertContentChange } from '../db/queries/content-changes.js';
import { notify } from '../db/queries/notifications.js';
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
 * Who tells of a write once it has committed: the origin of the port (src/changes.ts) the writer
 * notifies, whose listeners the change feed then leaves alone, and the scope of the event bus the
 * writer publishes its events on, whose instances must not fire them again.
 */
export interface Announcer {
  origin: string;
  scope: string | null;
}

/** The origin of a write nobody in this process announces (the import CLI, the demo seed): every feed relays it. */
const UNANNOUNCED = randomUUID();

/**
 * Writes the change into the change feed (src/content/change-feed.ts), inside the write's
 * transaction, as its last statement: every running instance reads it once it commits, and never
 * for a rolled-back write. Leave `announcer` out when nobody in this process tells of it.
 */
export async function recordContentChange(
  db: Db,
  change: ContentChange,
  events: RecordedEvent[] = [],
  announcer?: Announcer,
): Promise<void> {
  if (isEmptyChange(change) && events.length === 0) return;
  await insertContentChange(db, {
    origin: announcer?.origin ?? UNANNOUNCED,
    announcedOn: announcer?.scope ?? null,
    articleIds: change.articleIds,
    entityIds: change.entityIds,
    bulk: change.bulk === true,
    events,
  });
  await notify(db, CONTENT_CHANGED_CHANNEL, '');
}

/** The PostgreSQL channel every writer notifies at its commit, to wake the change feeds up. */
export const CONTENT_CHANGED_CHANNEL = 'broadsheet_content_changed';
