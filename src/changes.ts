import { randomUUID } from 'node:crypto';

/** What a committed write changed: what caches (and anything else) hear about it. */
export interface ContentChange {
  articleIds: number[];
  entityIds: number[];
  /** A bulk write (an import) that does not list what it changed: anything may have. */
  bulk?: boolean;
}

export type ContentChangeListener = (change: ContentChange) => unknown;

/**
 * One app's port for committed content changes. Writers (mutations, the scheduler, the change feed
 * relaying other processes' writes) notify it once their transaction has committed; the response
 * cache, feeds and sitemaps, replicas' read-your-writes and the webhook worker subscribe to it, and
 * unsubscribe when they are disposed. Made by createApp (src/app.ts) unless given one.
 */
export interface ContentChanges {
  /**
   * Tells this port's rows in the change feed from the others' (src/content/change-feed.ts): its
   * listeners heard of them already, from the writer.
   */
  readonly origin: string;
  /** Tells every listener, and waits for them: a writer answers only once the caches dropped what it made stale. */
  notify(change: ContentChange): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(listener: ContentChangeListener): () => void;
  /**
   * The latest time the public content may have changed, as far as this port knows: HTTP's
   * Last-Modified of every answer (src/http/http-cache.ts). Its creation, until it hears of one.
   */
  lastChange(): number;
  /** Moves lastChange() without telling the listeners (an explicit cache invalidation). */
  markChanged(at?: number): void;
  /** How many listeners are subscribed (a disposed app leaves none). */
  listenerCount(): number;
}

export function isEmptyChange(change: ContentChange): boolean {
  return !change.bulk && change.articleIds.length === 0 && change.entityIds.length === 0;
}

export function createContentChanges(options: { onListenerError?: (error: unknown) => void } = {}): ContentChanges {
  const listeners = new Set<ContentChangeListener>();
  const onListenerError =
    options.onListenerError ?? ((error) => console.error('[broadsheet] content-change listener failed:', error));
  let changedAt = Date.now();
  const markChanged = (at = Date.now()) => {
    if (at > changedAt) changedAt = at;
  };
  return {
    origin: randomUUID(),
    async notify(change) {
      if (isEmptyChange(change)) return;
      markChanged();
      await Promise.all(
        [...listeners].map(async (listener) => {
          try {
            await listener(change);
          } catch (error) {
            onListenerError(error);
          }
        }),
      );
    },
    subscribe(listener) {
      // Each subscription is its own entry: one listener subscribed twice is told twice, and each unsubscribe removes its own.
      const entry: ContentChangeListener = (change) => listener(change);
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },
    lastChange: () => changedAt,
    markChanged,
    listenerCount: () => listeners.size,
  };
}
