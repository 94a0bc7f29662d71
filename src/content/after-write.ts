import type { Db } from '../db/database.js';
import { findArticleTextForWrite, findEditorialMentions } from '../db/queries/editorial.js';
import { replaceMentions } from '../db/queries/writes.js';
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
  await extractArticleEntities(db, { id: articleId, title: article.title, body: article.body });
}

/** What a committed write changed: the one place caches (and anything else) hear about it. */
export interface ContentChange {
  articleIds: number[];
  entityIds: number[];
}

type ContentChangeListener = (change: ContentChange) => void;
const listeners = new Set<ContentChangeListener>();

/**
 * Subscribes to committed content changes (e.g. a response cache invalidating what it holds).
 * Returns the unsubscribe function.
 */
export function onContentChanged(listener: ContentChangeListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Called by every mutation after its transaction commits. */
export function reportContentChanged(change: ContentChange): void {
  if (change.articleIds.length === 0 && change.entityIds.length === 0) return;
  for (const listener of listeners) {
    try {
      listener(change);
    } catch (error) {
      console.error('[broadsheet] content-change listener failed:', error);
    }
  }
}
