/**
 * The events a webhook endpoint can subscribe to, once: the GraphQL enum, the checks and the
 * README's table are built from this. Each describes the public site: an edit of a draft changes
 * nothing a reader sees, and is not delivered (src/webhooks/events.ts).
 */
export const WEBHOOK_EVENT_TYPES = {
  'article.published':
    'An article became visible to the public (published now, or its scheduled time came, or an import published it).',
  'article.updated': 'A public article changed (text, summary, entities, a restore, an import) and is still public.',
  'article.unpublished': 'A public article was taken back to draft or archived: it is no longer visible.',
  'article.deleted': 'A public article was deleted.',
  'entity.merged': 'Entities were merged into one (mergeEntities); the merged ones’ slugs now lead to it.',
} as const;

export type WebhookEventType = keyof typeof WEBHOOK_EVENT_TYPES;

export const WEBHOOK_EVENT_TYPE_NAMES = Object.keys(WEBHOOK_EVENT_TYPES) as WebhookEventType[];

export function isWebhookEventType(value: string): value is WebhookEventType {
  return Object.hasOwn(WEBHOOK_EVENT_TYPES, value);
}
