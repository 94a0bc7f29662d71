import { sql } from 'kysely';
import { builder } from '../builder.js';
import { MAX_TAGS } from '../content/taxonomy.js';
import { ARTICLE_PAGE_INDEXES, articleFilterSql } from '../db/queries/articles.js';
import { entityShownSql } from '../db/queries/entities.js';
import { publicTagSql, tagIdBySlugSql } from '../db/queries/tags.js';
import type { TagRow } from '../db/tables.js';
import { badInput } from '../errors.js';
import { listsUpTo, TEXT_WEIGHT, weighs } from '../field-cost.js';
import { parentArticlesField } from './article.js';
import { byIdOrSlug, parseGlobalId, parseNumericKey } from './ids.js';
import { column, globalId, lookupById, lookupBySlug, many, one, reads } from './read.js';
import { readThrough } from './read-through.js';
import { ArticleRef, EntityRef, TagRef } from './refs.js';

// Tags (issue #19): the editorial taxonomy, put on articles by editors, distinct from the entities
// extraction finds; a tag may point at one. A tag is public once a visible article carries it
// (publicTagSql); the articles listed under one follow the articles' rule.

builder.node(TagRef, {
  description: 'A topic editors file articles under, such as "Climate crisis"; each has its own page.',
  id: { resolve: (tag) => tag.id, parse: parseNumericKey, extensions: reads(globalId('Tag')) },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.tag.load(id))),
  extensions: {
    ...lookupById(
      (key, tg, scope) =>
        sql`tags ${tg} where ${tg}.id = ${key} and ${sql.raw(scope.visibility.includeHidden ? 'true' : publicTagSql(tg.name))}`,
    ),
    ...lookupBySlug((slug) => tagIdBySlugSql(slug)),
  },
  fields: (t) => ({
    slug: t.exposeString('slug', {
      description:
        'Unique name for URLs, e.g. "climate-crisis". Look the tag up with `tag(slug:)`; slugs it had before a rename or merge still resolve.',
      extensions: reads(column('slug')),
    }),
    name: t.exposeString('name', { description: 'The name to show.', extensions: reads(column('name')) }),
    description: t.exposeString('description', {
      nullable: true,
      description: 'A short text about the topic (at most 2000 characters); null when it has none.',
      extensions: { ...reads(column('description')), ...weighs(TEXT_WEIGHT.sentences) },
    }),
    entity: t.field({
      type: EntityRef,
      nullable: true,
      description:
        'The person, organisation or place the tag is about, when an editor linked one (and its page exists for you).',
      extensions: reads(
        one(
          (tg, e, scope) =>
            sql`entities ${e} where ${e}.id = ${tg}.entity_id and ${sql.raw(entityShownSql(e.name, scope.visibility))}`,
        ),
      ),
      resolve: (tag, _args, ctx) => (tag.entityId === null ? null : ctx.loaders.entity.load(tag.entityId)),
    }),
    // Through the tag's page index where it serves (the public's lists by publication time).
    articles: parentArticlesField(t, 'Visible articles with the tag, newest first by default.', {
      index: ARTICLE_PAGE_INDEXES.tag,
      where: (tg, x) => articleFilterSql.tagged(x, sql`array[${tg}.id]::int[]`),
    }),
  }),
});

builder.objectFields(ArticleRef, (t) => ({
  tags: t.field({
    type: [TagRef],
    description: 'The tags editors filed the article under, in their order (at most 50).',
    extensions: {
      ...reads(
        many((a, tg, scope) => {
          const k = scope.alias('k');
          return {
            from: sql`article_tags ${k} join tags ${tg} on ${tg}.id = ${k}.tag_id where ${k}.article_id = ${a}.id`,
            order: sql`${k}.position`,
          };
        }),
      ),
      ...listsUpTo(MAX_TAGS),
    },
    resolve: (article, _args, ctx) => ctx.loaders.articleTags.load(article.id),
  }),
}));

builder.queryFields((t) => ({
  tag: t.field({
    type: TagRef,
    nullable: true,
    description:
      'A tag by global id or by slug (exactly one): the tag page. A slug it had before a rename or merge resolves to it. Null when no tag has it, or no visible article carries it (editors with `read:drafts` see every tag).',
    args: {
      id: t.arg.id({ required: false, description: 'Global id of the tag (`Tag.id`); a malformed one is INVALID_ID.' }),
      slug: t.arg.string({ required: false, description: 'Slug of the tag, current or former.' }),
    },
    extensions: reads(
      one(
        (_root, tg, scope) =>
          sql`tags ${tg} where ${byIdOrSlug(
            scope,
            'Tag',
            (id) => sql`${tg}.id = ${id}`,
            (slug) => sql`${tg}.id = ${tagIdBySlugSql(slug)}`,
          )}
            and ${sql.raw(scope.visibility.includeHidden ? 'true' : publicTagSql(tg.name))}`,
      ),
    ),
    resolve: async (_root, { id, slug }, ctx, info) => {
      const read = await readThrough(ctx, info);
      if (read) return read.value as TagRow | null;
      if ((id == null) === (slug == null)) throw badInput('Pass exactly one of `id` or `slug`');
      return id != null ? ctx.loaders.tag.load(parseGlobalId(String(id), 'Tag')) : ctx.loaders.tagBySlug.load(slug!);
    },
  }),
}));
