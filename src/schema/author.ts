import { sql } from 'kysely';
import { builder } from '../builder.js';
import { ARTICLE_PAGE_INDEXES, articleFilterSql } from '../db/queries/articles.js';
import { authorIdBySlugSql, bylineNameSql } from '../db/queries/authors.js';
import type { AuthorRow } from '../db/tables.js';
import { MAX_BYLINES } from '../domain.js';
import { badInput } from '../errors.js';
import { listsUpTo, TEXT_WEIGHT, weighs } from '../field-cost.js';
import { parentArticlesField } from './article.js';
import { byIdOrSlug, parseGlobalId, parseNumericKey } from './ids.js';
import { column, globalId, lookupById, lookupBySlug, many, one, reads, value } from './read.js';
import { readThrough } from './read-through.js';
import { ArticleRef, AuthorRef, BylineRef } from './refs.js';

// Authors and bylines (issue #19). An author is an editorial record, public as it is; the articles
// listed under one follow the articles' rule (the public sees only visible ones).

builder.node(AuthorRef, {
  description: 'A person who writes for the site, with a page listing their articles.',
  id: { resolve: (author) => author.id, parse: parseNumericKey, extensions: reads(globalId('Author')) },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.author.load(id))),
  extensions: {
    ...lookupById((key, au) => sql`authors ${au} where ${au}.id = ${key}`),
    ...lookupBySlug((slug) => authorIdBySlugSql(slug)),
  },
  fields: (t) => ({
    slug: t.exposeString('slug', {
      description:
        'Unique name for URLs, e.g. "jane-doe". Look the author up with `author(slug:)`; slugs they had before still resolve.',
      extensions: reads(column('slug')),
    }),
    name: t.exposeString('name', {
      description: 'The name to show, e.g. "Jane Doe".',
      extensions: reads(column('name')),
    }),
    role: t.exposeString('role', {
      nullable: true,
      description: 'What they do, e.g. "Economics editor"; null when not given.',
      extensions: reads(column('role')),
    }),
    bio: t.exposeString('bio', {
      nullable: true,
      description: 'A short biography (at most 5000 characters); null when not given.',
      extensions: { ...reads(column('bio')), ...weighs(TEXT_WEIGHT.sentences) },
    }),
    links: t.exposeStringList('links', {
      description: 'Links to the author elsewhere (a personal site, a social profile), at most 10 http(s) URLs.',
      extensions: reads(column('links')),
    }),
    // Through the author's page index where it serves (the public's lists by publication time).
    articles: parentArticlesField(t, 'Visible articles with the author in their byline, newest first by default.', {
      index: ARTICLE_PAGE_INDEXES.author,
      where: (a, x) => articleFilterSql.bylined(x, sql`array[${a}.id]::int[]`),
    }),
  }),
});

BylineRef.implement({
  description: 'One place in an article’s byline: an author, or a free-text credit such as "Staff and agencies".',
  fields: (t) => ({
    name: t.string({
      description: 'What to print: the author’s name, or the credit.',
      extensions: reads(value((b) => bylineNameSql(b))),
      resolve: async (byline, _args, ctx) =>
        byline.authorId === null ? byline.credit! : (await ctx.loaders.author.load(byline.authorId))!.name,
    }),
    author: t.field({
      type: AuthorRef,
      nullable: true,
      description: 'The author; null for a free-text credit.',
      extensions: reads(one((b, au) => sql`authors ${au} where ${au}.id = ${b}.author_id`)),
      resolve: (byline, _args, ctx) => (byline.authorId === null ? null : ctx.loaders.author.load(byline.authorId)),
    }),
    credit: t.exposeString('credit', {
      nullable: true,
      description: 'The free-text credit; null when the place is an author’s.',
      extensions: reads(column('credit')),
    }),
  }),
});

builder.objectFields(ArticleRef, (t) => ({
  bylines: t.field({
    type: [BylineRef],
    description: 'Who wrote the article, in the order to print them (at most 20); empty when it has no byline.',
    extensions: {
      ...reads(
        many((a, b) => ({
          from: sql`article_bylines ${b} where ${b}.article_id = ${a}.id`,
          order: sql`${b}.position`,
        })),
      ),
      ...listsUpTo(MAX_BYLINES),
    },
    resolve: (article, _args, ctx) => ctx.loaders.bylines.load(article.id),
  }),
}));

builder.queryFields((t) => ({
  author: t.field({
    type: AuthorRef,
    nullable: true,
    description:
      'An author by global id or by slug (exactly one): the author page. A slug they had before a change resolves to them. Null when no author has it.',
    args: {
      id: t.arg.id({
        required: false,
        description: 'Global id of the author (`Author.id`); a malformed one is INVALID_ID.',
      }),
      slug: t.arg.string({ required: false, description: 'Slug of the author (`Author.slug`), current or former.' }),
    },
    extensions: reads(
      one(
        (_root, au, scope) =>
          sql`authors ${au} where ${byIdOrSlug(
            scope,
            'Author',
            (id) => sql`${au}.id = ${id}`,
            (slug) => sql`${au}.id = ${authorIdBySlugSql(slug)}`,
          )}`,
      ),
    ),
    resolve: async (_root, { id, slug }, ctx, info) => {
      // The author page, with its articles, in one statement from the declarations.
      const read = await readThrough(ctx, info);
      if (read) return read.value as AuthorRow | null;
      if ((id == null) === (slug == null)) throw badInput('Pass exactly one of `id` or `slug`');
      return id != null
        ? ctx.loaders.author.load(parseGlobalId(String(id), 'Author'))
        : ctx.loaders.authorBySlug.load(slug!);
    },
  }),
}));
