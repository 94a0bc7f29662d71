import type pg from 'pg';
import type { ContentChange, ContentChanges } from '../changes.js';
import { DEFAULT_CHANGE_FEED_MAX_BACKLOG, DEFAULT_CHANGE_FEED_POLL_MS } from '../config.js';
import type { Db } from '../db/database.js';
import {
  type ContentChangeRow,
  latestContentChangeId,
  listContentChangesAfter,
  pruneContentChanges,
} from '../db/queries/content-changes.js';
import { type Listener, listen } from '../db/queries/notifications.js';
import type { ArticleEvent, ArticleEvents, ArticleTopics } from '../events.js';
import { CONTENT_CHANGED_CHANNEL } from './after-write.js';

export interface ChangeFeed {
  /** Resolves once the feed listens and knows where it starts. */
  ready: Promise<void>;
  /** Reads and hands on every change committed since the last one seen (a NOTIFY does the same). */
  catchUp(): Promise<void>;
  close(): Promise<void>;
}

export interface ChangeFeedOptions {
  db: Db;
  /** The LISTEN connection is opened with this pool's settings, outside it. */
  pool: pg.Pool;
  /** This instance's subscribers: events go to them alone, so each instance fires each event once. */
  events: ArticleEvents;
  /** This instance's port (src/changes.ts): other processes' changes are told to its listeners. */
  changes: ContentChanges;
  /** Rows older than this are deleted (CHANGE_FEED_RETENTION_HOURS). */
  retentionMs: number;
  /** Further behind than this many changes, the instance drops its whole cache instead of reading them. */
  maxBacklog?: number;
  /** Reads on this often even without a wake-up, in case a NOTIFY never arrives. */
  pollIntervalMs?: number;
  onError?: (error: Error) => void;
}

const BULK: ContentChange = { articleIds: [], entityIds: [], bulk: true };
const TOPICS: readonly (keyof ArticleTopics)[] = ['article:published', 'article:updated'];

function isArticleEvent(value: unknown): value is ArticleEvent {
  const event = value as Partial<Record<'topic' | 'id' | 'payload', unknown>> | null;
  return (
    typeof event === 'object' &&
    event !== null &&
    TOPICS.includes(event.topic as keyof ArticleTopics) &&
    typeof event.payload === 'object' &&
    event.payload !== null &&
    (event.topic !== 'article:updated' || Number.isSafeInteger(event.id))
  );
}

/**
 * One instance's reader of the change feed: the content_changes outbox every writer fills in its
 * own transaction (recordContentChange, src/content/after-write.ts), with NOTIFY as a wake-up.
 *
 * For each change after its cursor, in commit order: this instance's caches drop what it made stale
 * (unless a writer on this instance's port told them already), and this instance's subscribers get its
 * events (unless the writer published them on this instance's own bus: the same process, or the
 * same Redis and prefix). A lost LISTEN connection is opened again and the feed reads on from its
 * cursor, so nothing committed meanwhile is lost. Changes that are gone (pruned, or more than
 * `maxBacklog` behind) cannot be replayed: the whole cache is dropped instead, and their events
 * are not sent.
 */
export function startChangeFeed(options: ChangeFeedOptions): ChangeFeed {
  const { db, events, changes } = options;
  const maxBacklog = options.maxBacklog ?? DEFAULT_CHANGE_FEED_MAX_BACKLOG;
  const onError = options.onError ?? (() => {});
  let cursor: number | undefined;
  let listening = false;
  let closed = false;
  let reading: Promise<void> = Promise.resolve();
  let queued: Promise<void> | undefined;

  const deliver = async (row: ContentChangeRow) => {
    if (row.origin !== changes.origin)
      await changes.notify({ articleIds: row.articleIds, entityIds: row.entityIds, bulk: row.bulk });
    if (row.announcedOn === events.scope || !Array.isArray(row.events)) return;
    for (const event of row.events) {
      if (!isArticleEvent(event)) continue;
      events.deliverLocally(event.topic, event.topic === 'article:updated' ? event.id : undefined, event.payload);
    }
  };

  const readOnce = async () => {
    if (cursor === undefined) {
      // Listen first, then read where to start: a change committed in between is read, not missed.
      if (listening) cursor = await latestContentChangeId(db);
      return;
    }
    for (;;) {
      if (closed) return;
      const rows = await listContentChangesAfter(db, cursor, maxBacklog + 1);
      if (rows.length === 0) return;
      if (rows.length > maxBacklog) {
        // Too far behind to replay: start again from the newest change.
        cursor = await latestContentChangeId(db);
        await changes.notify(BULK);
        return;
      }
      // Ids are committed in order (src/db/queries/content-changes.ts): a hole is a change pruned
      // before this instance read it (or, rarely, a write whose commit failed).
      if (rows[0]!.id > cursor + 1) await changes.notify(BULK);
      for (const row of rows) {
        if (closed) return;
        await deliver(row);
        cursor = row.id;
      }
      if (rows.length < maxBacklog) return;
    }
  };

  // One read at a time. A call waits for a read that starts after it (it sees what the caller
  // committed); calls made while that read has not started yet share it.
  const catchUp = (): Promise<void> => {
    if (queued) return queued;
    const next = reading.then(() => {
      queued = undefined;
      return readOnce().catch((error) => onError(error instanceof Error ? error : new Error(String(error))));
    });
    queued = next;
    reading = next;
    return next;
  };

  const listener: Listener = listen(options.pool, CONTENT_CHANGED_CHANNEL, {
    onMessage: () => void catchUp(),
    // Nothing is lost: the cursor says where to read on from.
    onGap: () => void catchUp(),
    onError,
  });

  const prune = () => {
    pruneContentChanges(db, options.retentionMs).catch((error) =>
      onError(error instanceof Error ? error : new Error(String(error))),
    );
  };
  const pruneTimer = setInterval(prune, Math.min(options.retentionMs / 4, 3_600_000));
  pruneTimer.unref();
  // A wake-up can be lost without the connection dropping (a LISTEN through a pooler that hands
  // the session to another client): the cursor makes a late read as good as a timely one.
  const pollTimer = setInterval(() => void catchUp(), options.pollIntervalMs ?? DEFAULT_CHANGE_FEED_POLL_MS);
  pollTimer.unref();

  const ready = listener.ready.then(async () => {
    listening = true;
    prune();
    await catchUp();
  });

  return {
    ready,
    catchUp: async () => {
      await ready;
      await catchUp();
    },
    async close() {
      closed = true;
      clearInterval(pruneTimer);
      clearInterval(pollTimer);
      await listener.close();
      await reading;
    },
  };
}
