import { builder } from '../builder.js';
import { column, executorOnly, globalId, need, reads } from './read.js';
import { listSections } from '../db/queries/sections.js';
import { ArticleConnection, ORDER_BY_DESCRIPTION, resolveArticleConnection } from './article.js';
import { ArticleOrderEnum } from './enums.js';
import { parseNumericKey } from './ids.js';
import { ArticleRef, SectionRef } from './refs.js';

builder.node(SectionRef, {
  description: 'A section of the site, such as World or Sport.',
  id: { resolve: (section) => section.id, parse: parseNumericKey, extensions: reads(globalId('Section')) },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.section.load(id))),
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Unique name for URLs, e.g. "world". Look the section up with `section(slug:)`.', extensions: reads(column('slug')) }),
    name: t.exposeString('name', { description: 'The name to show, e.g. "World".', extensions: reads(column('name')) }),
    description: t.exposeString('description', { nullable: true, description: 'A short text about the section; null when it has none.', extensions: reads(column('description')) }),
    articles: t.connection(
      {
        type: ArticleRef,
        description: 'Visible articles in the section, newest first by default.',
        extensions: reads(executorOnly('section fronts are not compiled yet (they are the executor\'s, with their filters)'), { id: need('id') }),
        args: { orderBy: t.arg({ type: ArticleOrderEnum, required: true, defaultValue: 'PUBLISHED_AT_DESC', description: ORDER_BY_DESCRIPTION }) },
        resolve: (section, args, ctx, info) => resolveArticleConnection(ctx, args, { sectionIds: [section.id] }, args.orderBy, info) as never,
      },
      ArticleConnection,
    ),
  }),
});

builder.queryFields((t) => ({
  section: t.field({
    type: SectionRef,
    nullable: true,
    description: 'A section by slug. Null when no section has it.',
    args: { slug: t.arg.string({ required: true, description: 'Slug of the section (`Section.slug`).' }) },
    extensions: reads(executorOnly('not compiled yet: a cheap loader read, cached by the response cache')),
    resolve: (_root, { slug }, ctx) => ctx.loaders.sectionBySlug.load(slug),
  }),
  sections: t.field({
    type: [SectionRef],
    description: 'All sections, by name: those with a visible article (editors with `read:drafts` see every one).',
    extensions: reads(executorOnly('not compiled yet: a cheap loader read, cached by the response cache')),
    resolve: async (_root, _args, ctx) => {
      const rows = await listSections(ctx.db, ctx.visibility);
      for (const row of rows) ctx.loaders.section.prime(row.id, row);
      return rows;
    },
  }),
}));
