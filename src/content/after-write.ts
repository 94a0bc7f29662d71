import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Db } from '../db/database.js';
import { findArticleTextForWrite, findEditorialMentions } from '../db/queries/editorial.js';
import { type Listener, listen, notify } from '../db/queries/notifications.js';
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
  /** A bulk write (an import) that does not list what it changed: anything may have. */
  bulk?: boolean;
}

type ContentChangeListener = (change: ContentChange) => unknown;
const listeners = new Set<ContentChangeListener>();

/** The PostgreSQL channel every writer notifies and every server listens on. */
export const CONTENT_CHANGED_CHANNEL = 'broadsheet_content_changed';
/** Tells this process's own notifications from the others': its listeners heard of them already. */
const ORIGIN = randomUUID();
// PostgreSQL refuses NOTIFY payloads of 8000 bytes or more.
const MAX_PAYLOAD = 7000;

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
 * Last-Modified of every answer (src/hardening/http-cache.ts). Every committed write reports
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
 * Tells every other process (servers, whatever their cache) through PostgreSQL. Called inside the
 * write's transaction, the notification goes out at the commit, and never for a rolled-back write.
 */
export async function notifyContentChanged(db: Db, change: ContentChange): Promise<void> {
  if (isEmpty(change)) return;
  let payload = JSON.stringify({ origin: ORIGIN, articleIds: change.articleIds, entityIds: change.entityIds, bulk: change.bulk === true });
  if (payload.length > MAX_PAYLOAD) payload = JSON.stringify({ origin: ORIGIN, articleIds: [], entityIds: [], bulk: true });
  await notify(db, CONTENT_CHANGED_CHANNEL, payload);
}

function parseChange(payload: string): (ContentChange & { origin: unknown }) | undefined {
  try {
    const value = JSON.parse(payload) as Record<string, unknown>;
    const ids = (list: unknown) => (Array.isArray(list) && list.every(Number.isSafeInteger) ? (list as number[]) : undefined);
    const articleIds = ids(value.articleIds);
    const entityIds = ids(value.entityIds);
    if (!articleIds || !entityIds) return undefined;
    return { origin: value.origin, articleIds, entityIds, bulk: value.bulk === true };
  } catch {
    return undefined;
  }
}

/**
 * Hands the changes other processes (other instances, the import CLI, the scheduler elsewhere)
 * notify to this process's listeners. A payload it cannot read, and a lost connection, count as
 * a bulk change: dropping too much from a cache is safe, keeping a stale answer is not.
 */
export function relayContentChanges(pool: pg.Pool, onError: (error: Error) => void = () => {}): Listener {
  const bulk: ContentChange = { articleIds: [], entityIds: [], bulk: true };
  return listen(pool, CONTENT_CHANGED_CHANNEL, {
    onMessage(payload) {
      const change = parseChange(payload);
      if (change?.origin === ORIGIN) return;
      void reportContentChanged(change ? { articleIds: change.articleIds, entityIds: change.entityIds, bulk: change.bulk } : bulk);
    },
    onGap: () => void reportContentChanged(bulk),
    onError,
  });
}
