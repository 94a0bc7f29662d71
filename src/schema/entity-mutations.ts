import { builder } from '../builder.js';
import { validSlug } from '../content/editorial.js';
import { NotFoundError, ValidationError } from '../content/write-errors.js';
import { addFormToMentions } from '../db/queries/article-entities.js';
import {
  entityAsSeen,
  findPublicNames,
  isEntitySlugTaken,
  lockEntities,
  moveEntityMentions,
  redirectEntitySlugs,
  updateEntity,
  writableEntityIds,
} from '../db/queries/entities.js';
import { quoteInput } from '../errors.js';
import { slugify } from '../text/text.js';
import { parseIdForWrite, resultNames } from './mutation-errors.js';
import { EntityRef } from './refs.js';
import { runMutation } from './write-effects.js';

const WRITE_ENTITIES = { 'write:entities': true } as const;

function validEntityName(value: string, field: string): string {
  const name = value.trim().replace(/\s+/g, ' ');
  if (!name) throw new ValidationError(field, 'REQUIRED', 'The entity needs a name');
  if (name.length > 200) throw new ValidationError(field, 'TOO_LONG', 'An entity name is at most 200 characters');
  return name;
}

function mergedAliases(name: string, ...lists: string[][]): string[] {
  return [...new Set(lists.flat())].filter((alias) => alias !== name).sort();
}

builder.mutationFields((t) => ({
  renameEntity: t.field({
    type: EntityRef,
    description:
      'Renames an entity; the old name becomes an alias. With `slug`, the entity moves to a new slug and the old one keeps resolving. Needs `write:entities`.',
    authScopes: WRITE_ENTITIES,
    errors: resultNames('renameEntity', 'entity', [ValidationError, NotFoundError]),
    args: {
      id: t.arg.id({ required: true, description: 'Global id of the entity (`Entity.id`).' }),
      name: t.arg.string({
        required: true,
        description: 'The new name: 1 to 200 characters after spaces are collapsed.',
      }),
      slug: t.arg.string({
        required: false,
        description:
          'A new slug: lower-case words joined by hyphens, at most 120 characters, unique (TAKEN). Left out: the slug stays.',
      }),
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const id = parseIdForWrite(args.id, 'Entity', 'id');
        const name = validEntityName(args.name, 'name');
        const slug = args.slug != null ? validSlug(args.slug, 'slug') : undefined;
        const [entity] = await lockEntities(trx, [id]);
        // What a token may not read it may not write: an entity only hidden articles mention is
        // unknown to it, before anything about it is compared.
        if (!entity || !(await writableEntityIds(trx, [id], ctx.visibility, ctx.viewer.actor?.tokenId)).has(id)) {
          throw new NotFoundError('id', 'No entity has this id');
        }
        if (slug !== undefined && slug !== entity.slug && (await isEntitySlugTaken(trx, slug, id))) {
          throw new ValidationError('slug', 'TAKEN', `Another entity has the slug ${quoteInput(slug)}`);
        }
        const seen = (await findPublicNames(trx, [id])).get(id);
        let nextSlug = slug ?? entity.slug;
        if (slug === undefined && name !== entity.name && seen?.slug !== entity.slug) {
          // The public never saw this slug (only a hidden article named the entity in full, or
          // none mentions it): it follows the new name, or the rename would publish it.
          const base = slugify(name);
          nextSlug =
            base && (base === entity.slug || !(await isEntitySlugTaken(trx, base, id)))
              ? base
              : [base, `e${id}`].filter(Boolean).join('-');
        }
        const renamed = await updateEntity(trx, id, {
          name,
          slug: nextSlug,
          aliases: mergedAliases(name, entity.aliases, [entity.name]),
        });
        // The old name was the form the entity's articles knew it by, if the public knew it by
        // that name: public where they are (a name only hidden articles used stays theirs).
        // The new name is the editor's: public wherever the entity is.
        if (renamed.name !== entity.name) {
          if (seen?.name === entity.name) await addFormToMentions(trx, id, entity.name);
          await addFormToMentions(trx, id, renamed.name);
        }
        if (renamed.slug !== entity.slug)
          await redirectEntitySlugs(trx, [{ slug: entity.slug, form: entity.name }], id);
        effects.entityIds.add(id);
        return entityAsSeen(trx, renamed, ctx.visibility);
      }),
  }),

  mergeEntities: t.field({
    type: EntityRef,
    description:
      'Merges duplicates into one entity: their mentions, names and aliases move to `into`, and their slugs keep resolving to it. Needs `write:entities`.',
    authScopes: WRITE_ENTITIES,
    errors: resultNames('mergeEntities', 'entity', [ValidationError, NotFoundError]),
    args: {
      into: t.arg.id({ required: true, description: 'The entity that stays.' }),
      from: t.arg.idList({ required: true, description: 'The entities merged into it and then deleted (1 to 50).' }),
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const intoId = parseIdForWrite(args.into, 'Entity', 'into');
        const fromIds = [...new Set(args.from.map((id, i) => parseIdForWrite(id, 'Entity', `from.${i}`)))];
        if (fromIds.length === 0) throw new ValidationError('from', 'REQUIRED', 'Name at least one entity to merge');
        if (fromIds.length > 50) throw new ValidationError('from', 'OUT_OF_RANGE', 'Merge at most 50 entities at once');
        if (fromIds.includes(intoId))
          throw new ValidationError('from', 'NOT_ALLOWED', 'An entity cannot be merged into itself');
        const writable = await writableEntityIds(trx, [intoId, ...fromIds], ctx.visibility, ctx.viewer.actor?.tokenId);
        const locked = new Map(
          (await lockEntities(trx, [intoId, ...fromIds])).filter((e) => writable.has(e.id)).map((e) => [e.id, e]),
        );
        const into = locked.get(intoId);
        if (!into) throw new NotFoundError('into', 'No entity has this id');
        const missing = fromIds.findIndex((id) => !locked.has(id));
        if (missing >= 0) throw new NotFoundError(`from.${missing}`, 'No entity has this id');
        const from = fromIds.map((id) => locked.get(id)!);
        const otherKind = from.find((e) => e.kind !== into.kind);
        if (otherKind) {
          throw new ValidationError(
            'from',
            'NOT_ALLOWED',
            `"${otherKind.name}" is a ${otherKind.kind}, "${into.name}" a ${into.kind}: only entities of one kind merge`,
          );
        }
        // Their slugs keep resolving, and so do the derived slugs the public knew them by.
        const seen = await findPublicNames(trx, [intoId, ...fromIds]);
        const redirects = from.flatMap((e) => {
          const shown = seen.get(e.id);
          return [
            { slug: e.slug, form: e.name },
            ...(shown && shown.slug !== e.slug ? [{ slug: shown.slug, form: shown.name }] : []),
          ];
        });
        const articleIds = await moveEntityMentions(trx, fromIds, intoId);
        await redirectEntitySlugs(trx, redirects, intoId);
        const merged = await updateEntity(trx, intoId, {
          name: into.name,
          slug: into.slug,
          aliases: mergedAliases(into.name, into.aliases, ...from.map((e) => [e.name, ...e.aliases])),
        });
        for (const id of [intoId, ...fromIds]) effects.entityIds.add(id);
        for (const id of articleIds) effects.articleIds.add(id);
        effects.merged.push({
          entityId: intoId,
          slug: seen.get(intoId)?.slug ?? null,
          merged: fromIds.map((id) => ({ entityId: id, slug: seen.get(id)?.slug ?? null })),
        });
        return entityAsSeen(trx, merged, ctx.visibility);
      }),
  }),
}));
