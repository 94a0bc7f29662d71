import { runWrite, type WriteEffects, type WriteServices } from '../content/editorial.js';
import type { Context } from '../context.js';
import type { Db } from '../db/database.js';
import { publishEvent } from '../events.js';

/** The write services of a request: its database, its token as the writer, its bus and port as the announcers. */
export function writeServicesOf(ctx: Context): WriteServices {
  return {
    db: ctx.db,
    actor: ctx.viewer.actor,
    announcer: { origin: ctx.changes.origin, scope: ctx.events.scope },
  };
}

/**
 * Acts on what a committed write changed: the request's loaders forget it (the mutation's answer
 * reads it again), its events go out on this instance's bus, and the app's port is told, waited for:
 * the client is answered only once the caches dropped what the write made stale.
 */
export async function applyWriteEffects(ctx: Context, effects: WriteEffects): Promise<void> {
  for (const id of effects.articleIds) {
    ctx.loaders.article.clear(id);
    ctx.loaders.mentions.clear(id);
    ctx.loaders.summaries.clear(id);
    ctx.loaders.corrections.clear(id);
    ctx.loaders.bylines.clear(id);
    ctx.loaders.articleTags.clear(id);
  }
  // A translation link changes the lists of every article of the group.
  if (effects.articleIds.size > 0) ctx.loaders.translations.clearAll();
  if (effects.articleIds.size > 0) ctx.loaders.articleBySlug.clearAll();
  if (effects.entityIds.size > 0) {
    ctx.loaders.entity.clearAll();
    ctx.loaders.entityBySlug.clearAll();
    ctx.loaders.mentions.clearAll();
  }
  if (effects.everything) ctx.loaders.forgetAll();
  for (const event of effects.events()) publishEvent(ctx.events, event);
  await ctx.changes.notify(effects.change());
}

/** Runs a mutation's write as one transaction (runWrite), then acts on its effects once it has committed. */
export async function runMutation<T>(ctx: Context, work: (trx: Db, effects: WriteEffects) => Promise<T>): Promise<T> {
  const { result, effects } = await runWrite(writeServicesOf(ctx), work);
  await applyWriteEffects(ctx, effects);
  return result;
}
