import type { ArticleSnapshot } from '../db/tables.js';
import type { WebhookEventType } from './event-types.js';

/** A change of the change feed, as the fan-out reads it (src/db/queries/content-changes.ts). */
export interface RecordedChange {
  id: number;
  createdAt: Date;
  events: unknown;
}

/** The body of a webhook, as documented in README "Webhooks": Standard Webhooks' type, timestamp, data. */
export interface WebhookPayload {
  type: WebhookEventType;
  /** When the change was committed (ISO 8601). */
  timestamp: string;
  data: Record<string, unknown>;
}

/** A version of an article: the snapshot its revision keeps (revisions outlive the article). */
export type SnapshotOf = (articleId: number, version: number) => ArticleSnapshot | undefined;

/** Base64 of "Type:id": the schema's global ids (@pothos/plugin-relay's encodeGlobalID). */
export function globalIdOf(typename: string, id: number): string {
  return Buffer.from(`${typename}:${id}`).toString('base64');
}

function visibleAt(snapshot: ArticleSnapshot | undefined, at: Date): boolean {
  return (
    snapshot !== undefined &&
    (snapshot.status === 'PUBLISHED' || snapshot.status === 'SCHEDULED') &&
    snapshot.publishedAt !== null &&
    new Date(snapshot.publishedAt) <= at
  );
}

/**
 * What an article event says of it: ids, and the fields the public saw of this version. Never the
 * body or the standfirst, and nothing of a version the public did not see.
 */
function articleData(
  articleId: number,
  version: number,
  snapshot: ArticleSnapshot | undefined,
): Record<string, unknown> {
  return {
    id: globalIdOf('Article', articleId),
    articleId,
    version,
    slug: snapshot?.slug ?? null,
    title: snapshot?.title ?? null,
    publishedAt: snapshot?.publishedAt ?? null,
    section:
      snapshot?.sectionId != null
        ? { id: globalIdOf('Section', snapshot.sectionId), sectionId: snapshot.sectionId }
        : null,
  };
}

interface Recorded {
  topic?: unknown;
  id?: unknown;
  payload?: Record<string, unknown> | null;
}

const isId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;

/**
 * The webhook events of one committed change, in order. They describe the public site, judged by
 * the revisions the change wrote and the one before (the snapshots are what each version was):
 *
 * - article.published: an `article:published` event (the writer decided the article became visible),
 *   or a visible article restored from the trash (receivers dropped it on article.deleted);
 * - article.updated: an article that is visible after the change and was not just published;
 * - article.unpublished: an article visible before the change and not after (unpublish, archive, an import);
 * - article.deleted: a deleted article that was visible;
 * - entity.merged: a merge of which the public saw at least one entity.
 *
 * Edits of drafts and scheduled articles are not events: they change nothing a reader sees.
 */
export function deriveWebhookEvents(change: RecordedChange, snapshotOf: SnapshotOf): WebhookPayload[] {
  const recorded = (Array.isArray(change.events) ? change.events : []) as Recorded[];
  const at = change.createdAt;
  const timestamp = at.toISOString();
  const published = new Set(
    recorded
      .filter((e) => e.topic === 'article:published' && isId(e.payload?.articleId))
      .map((e) => e.payload!.articleId as number),
  );
  const out: WebhookPayload[] = [];
  const seen = new Set<string>();
  const push = (type: WebhookEventType, key: string, data: Record<string, unknown>) => {
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ type, timestamp, data });
  };
  for (const event of recorded) {
    const payload = event.payload;
    if (!payload) continue;
    if (event.topic === 'article:published' && isId(payload.articleId)) {
      const version = isId(payload.version) ? payload.version : undefined;
      const snapshot = version ? snapshotOf(payload.articleId, version) : undefined;
      push(
        'article.published',
        `published:${payload.articleId}`,
        articleData(payload.articleId, version ?? 0, snapshot),
      );
    } else if (event.topic === 'article:updated' && isId(payload.articleId) && isId(payload.version)) {
      const { articleId, version } = payload;
      if (payload.deleted === true) {
        // `version` is the trash's (its DELETE revision); the one before is what the public saw, if it saw it.
        const last = snapshotOf(articleId, version - 1);
        if (visibleAt(last, at))
          push('article.deleted', `deleted:${articleId}`, { ...articleData(articleId, version - 1, last), version });
        continue;
      }
      const after = snapshotOf(articleId, version);
      const before = version > 1 ? snapshotOf(articleId, version - 1) : undefined;
      if (visibleAt(after, at)) {
        // Back from the trash: receivers dropped it on article.deleted, so it is published to them again.
        if (payload.action === 'UNDELETE')
          push('article.published', `published:${articleId}`, articleData(articleId, version, after));
        else if (!published.has(articleId))
          push('article.updated', `updated:${articleId}:${version}`, articleData(articleId, version, after));
      } else if (visibleAt(before, at)) {
        // What the public last saw of it, not the draft it became.
        push('article.unpublished', `unpublished:${articleId}:${version}`, {
          ...articleData(articleId, version - 1, before),
          version,
        });
      }
    } else if (event.topic === 'entity:merged' && isId(payload.entityId) && Array.isArray(payload.merged)) {
      const merged = (payload.merged as { entityId?: unknown; slug?: unknown }[]).filter((m) => isId(m.entityId));
      const slug = typeof payload.slug === 'string' ? payload.slug : null;
      if (slug === null && !merged.some((m) => typeof m.slug === 'string')) continue;
      push('entity.merged', `merged:${payload.entityId}:${merged.map((m) => m.entityId).join(',')}`, {
        id: globalIdOf('Entity', payload.entityId),
        entityId: payload.entityId,
        slug,
        merged: merged.map((m) => ({
          id: globalIdOf('Entity', m.entityId as number),
          entityId: m.entityId,
          slug: typeof m.slug === 'string' ? m.slug : null,
        })),
      });
    }
  }
  return out;
}

/** The article versions the events of these changes refer to: each event's, and the one before. */
export function versionsReferred(changes: RecordedChange[]): { articleId: number; version: number }[] {
  const wanted = new Map<string, { articleId: number; version: number }>();
  const add = (articleId: number, version: number) => {
    if (version >= 1) wanted.set(`${articleId}:${version}`, { articleId, version });
  };
  for (const change of changes) {
    for (const event of (Array.isArray(change.events) ? change.events : []) as Recorded[]) {
      const payload = event.payload;
      if (!payload || !isId(payload.articleId) || !isId(payload.version)) continue;
      add(payload.articleId, payload.version);
      if (event.topic === 'article:updated') add(payload.articleId, payload.version - 1);
    }
  }
  return [...wanted.values()];
}

/**
 * The largest body a webhook carries. Events hold ids, slugs and titles, so they stay far below it
 * (a merge of 50 entities is a few kilobytes); the bound makes that a guarantee: a larger payload
 * goes out with its ids only, marked `truncated`.
 */
export const MAX_WEBHOOK_PAYLOAD_BYTES = 64 * 1024;

export function boundedPayload(payload: WebhookPayload): WebhookPayload {
  if (Buffer.byteLength(JSON.stringify(payload)) <= MAX_WEBHOOK_PAYLOAD_BYTES) return payload;
  const ids = Object.fromEntries(Object.entries(payload.data).filter(([key]) => key === 'id' || key.endsWith('Id')));
  return { ...payload, data: { ...ids, truncated: true } };
}
